import { z } from 'zod';

export const datasetNameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,99}$/,
    'dataset names are 1-100 chars of lowercase a-z, 0-9, ".", "_" and "-"',
  );

/** Form fields of `POST /v1/datasets` (multipart with the file). */
export const uploadDatasetSchema = z
  .object({
    name: datasetNameSchema,
    target: z.string().min(1).max(200),
    format: z.enum(['csv', 'tsv', 'jsonl']).optional(),
  })
  .strict();

/** `POST /v1/datasets/from-predictions`: logged predictions that received feedback. */
export const datasetFromPredictionsSchema = z
  .object({
    name: datasetNameSchema,
    model: z.string().min(1).max(100),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export type UploadDatasetRequest = z.infer<typeof uploadDatasetSchema>;
export type DatasetFromPredictionsRequest = z.infer<typeof datasetFromPredictionsSchema>;
