import type { z } from 'zod';
import type { ApiScope } from '../scopes';
import { DEFAULT_QUEUE } from '../queues';
import { diagnosticSleepPayload, type DiagnosticSleepResult } from './diagnostic-sleep.contract';
import { inferencePayload, type InferenceResult } from './inference.contract';
import {
  evaluationPayload,
  trainingPayload,
  type EvaluationResult,
  type TrainingResult,
} from './learning.contract';

interface JobDefinition<S extends z.ZodType> {
  payload: S;
  /** The scope a key needs to submit this type. */
  requiredScope: ApiScope;
  defaultQueue: string;
  defaultMaxAttempts: number;
  /** Each attempt is aborted after this long unless the submit says otherwise. */
  defaultTimeoutMs?: number;
}

const define = <S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> => definition;

/**
 * Every job type, its payload schema and submit rules. Type names are a persisted contract
 * (stored on job rows): add new ones, never rename. Producer (api) and consumer (worker) both
 * read this map; the worker refuses to start unless each type has exactly one runner.
 */
export const JOB_DEFINITIONS = {
  'diagnostic.sleep': define({
    payload: diagnosticSleepPayload,
    requiredScope: 'admin',
    defaultQueue: DEFAULT_QUEUE,
    defaultMaxAttempts: 1,
  }),
  inference: define({
    payload: inferencePayload,
    requiredScope: 'write',
    defaultQueue: DEFAULT_QUEUE,
    defaultMaxAttempts: 3,
    defaultTimeoutMs: 60 * 60_000,
  }),
  training: define({
    payload: trainingPayload,
    requiredScope: 'write',
    defaultQueue: DEFAULT_QUEUE,
    defaultMaxAttempts: 2,
    defaultTimeoutMs: 2 * 60 * 60_000,
  }),
  evaluation: define({
    payload: evaluationPayload,
    requiredScope: 'write',
    defaultQueue: DEFAULT_QUEUE,
    defaultMaxAttempts: 2,
    defaultTimeoutMs: 60 * 60_000,
  }),
};

/** Result type per job type, as stored in `jobs.result`. */
export interface JobResultMap {
  'diagnostic.sleep': DiagnosticSleepResult;
  inference: InferenceResult;
  training: TrainingResult;
  evaluation: EvaluationResult;
}

export type JobType = keyof typeof JOB_DEFINITIONS;
export type JobPayload<T extends JobType> = z.output<(typeof JOB_DEFINITIONS)[T]['payload']>;
export type JobResult<T extends JobType> = JobResultMap[T];

export const JOB_TYPES = Object.keys(JOB_DEFINITIONS) as JobType[];

export function isJobType(value: string): value is JobType {
  return Object.hasOwn(JOB_DEFINITIONS, value);
}
