import { Injectable } from '@nestjs/common';
import type { DiagnosticSleepPayload, DiagnosticSleepResult } from '@mlserve/contracts';
import type { JobContext, JobRunner } from './job-runner';

/** Sleeps in steps, reporting progress after each; can fail on purpose at a chosen step. */
@Injectable()
export class DiagnosticSleepRunner implements JobRunner<'diagnostic.sleep'> {
  readonly type = 'diagnostic.sleep' as const;

  async run(payload: DiagnosticSleepPayload, context: JobContext): Promise<DiagnosticSleepResult> {
    const stepMs = payload.durationMs / payload.steps;
    const started = Date.now();
    for (let step = 1; step <= payload.steps; step += 1) {
      await sleep(stepMs, context.signal);
      if (payload.failAtStep === step) throw new Error(payload.failMessage);
      await context.reportProgress(step / payload.steps, `step ${step} of ${payload.steps}`);
    }
    return { sleptMs: Date.now() - started, steps: payload.steps, workerId: context.workerId };
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const abortError = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new Error('aborted');
