import { z } from 'zod';

/** `POST /v1/predictions/:id/feedback`: the true label (classifiers), value (regressors), or a verdict. */
export const feedbackSchema = z
  .object({
    label: z.union([z.string().min(1).max(100), z.number().int().min(0)]).optional(),
    value: z.number().optional(),
    correct: z.boolean().optional(),
  })
  .strict()
  .refine((b) => [b.label, b.value, b.correct].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of "label", "value" or "correct"',
  });

export type FeedbackRequest = z.infer<typeof feedbackSchema>;
