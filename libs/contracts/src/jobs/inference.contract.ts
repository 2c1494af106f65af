import { z } from 'zod';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 from an upload');

/** Where an inference job's rows come from: inline, an uploaded file, or a URL. */
export const inferenceInputSchema = z.union([
  z.object({ rows: z.array(z.unknown()).min(1).max(100_000) }).strict(),
  z.object({ inputs: z.record(z.string(), z.unknown()) }).strict(),
  z
    .object({
      file: z
        .object({ sha256, format: z.enum(['csv', 'jsonl']), bytes: z.number().int().min(0) })
        .strict(),
    })
    .strict(),
  z
    .object({
      url: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }),
      format: z.enum(['csv', 'jsonl']).optional(),
    })
    .strict(),
]);

/** `inference`: batch predictions over many rows, in chunks, on a worker. */
export const inferencePayload = z
  .object({
    model: z.string().min(1).max(100),
    /** Resolved by the API at submit time from `alias` (or the production alias). */
    version: z.number().int().min(1).optional(),
    alias: z.string().max(50).optional(),
    input: inferenceInputSchema,
    /** Which outputs to keep (default: all). */
    outputs: z.array(z.string()).optional(),
    chunkSize: z.number().int().min(1).max(10_000).default(1000),
  })
  .strict();

export type InferencePayload = z.infer<typeof inferencePayload>;
export type InferenceInput = z.infer<typeof inferenceInputSchema>;

export interface InferenceResult {
  model: string;
  version: number;
  rows: number;
  outputs: string[];
  /** The JSONL result in the data store; download it with GET /v1/jobs/:id/result. */
  resultFile: { sha256: string; bytes: number };
}
