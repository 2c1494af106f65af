import { z } from 'zod';
import { queueNameSchema } from '@mlserve/contracts';
import { trafficSplitSchema } from './traffic-split';

export const modelNameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,99}$/,
    'model names are 1-100 chars of lowercase a-z, 0-9, ".", "_" and "-"',
  );

const jsonObject = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object, e.g. {"team":"fraud"}' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string(), z.string()));

/** Form fields of `POST /v1/models` (multipart, so every value arrives as a string). */
export const registerModelSchema = z
  .object({
    name: modelNameSchema,
    version: z.coerce.number().int().min(1).optional(),
    description: z.string().max(2000).optional(),
    labels: jsonObject.optional(),
    queue: queueNameSchema.optional(),
    runtime: z.enum(['onnx', 'http']).default('onnx'),
    /** runtime http: base URL of an Open Inference Protocol v2 server (its /v2 routes). */
    endpointUrl: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).optional(),
    /** runtime http: the model's name on that server (default: name). */
    remoteName: z.string().min(1).max(200).optional(),
    maxBatchSize: z.coerce.number().int().min(1).max(4096).default(1),
    maxDelayMs: z.coerce.number().int().min(0).max(1000).default(0),
  })
  .strict()
  .refine((r) => (r.runtime === 'http') === (r.endpointUrl !== undefined), {
    path: ['endpointUrl'],
    message: 'endpointUrl is required with runtime http, and only then',
  });

export type RegisterModelRequest = z.infer<typeof registerModelSchema>;

export const aliasNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,49}$/, 'alias names are lowercase, start with a letter, ≤ 50 chars');

export const setAliasSchema = z
  .object({
    version: z.number().int().min(1),
    /** Canary: share traffic between versions by weight, e.g. [{version:1,weight:90},{version:2,weight:10}]. */
    split: trafficSplitSchema.optional(),
  })
  .strict();

const metricNames = [
  'accuracy',
  'precision',
  'recall',
  'f1',
  'rocAuc',
  'rmse',
  'mae',
  'r2',
] as const;

/** `PUT /v1/models/:name/settings`. */
export const modelSettingsSchema = z
  .object({
    task: z.enum(['classification', 'regression']).optional(),
    classLabels: z.array(z.string().min(1).max(100)).min(2).max(1000).optional(),
    logSampleRate: z.number().min(0).max(1).optional(),
    promotion: z
      .object({ metric: z.enum(metricNames), minGain: z.number().min(0).default(0) })
      .strict()
      .optional(),
  })
  .strict();

export type ModelSettings = z.infer<typeof modelSettingsSchema>;
