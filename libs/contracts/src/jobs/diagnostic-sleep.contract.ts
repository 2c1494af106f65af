import { z } from 'zod';

/** `diagnostic.sleep`: an operator's probe of the whole pipeline (admin keys only). */
export const diagnosticSleepPayload = z
  .object({
    durationMs: z.number().int().min(0).max(600_000).default(1000),
    steps: z.number().int().min(1).max(100).default(4),
    /** Fail on purpose at this step (1-based) with `failMessage`, to exercise the error path. */
    failAtStep: z.number().int().min(1).max(100).optional(),
    failMessage: z.string().max(500).default('diagnostic failure requested'),
  })
  .strict();

export type DiagnosticSleepPayload = z.infer<typeof diagnosticSleepPayload>;

export interface DiagnosticSleepResult {
  sleptMs: number;
  steps: number;
  workerId: string;
}
