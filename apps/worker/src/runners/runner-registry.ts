import { JOB_TYPES, type JobType } from '@mlserve/contracts';
import type { JobRunner } from './job-runner';

/**
 * Maps each job type to its runner. Built at start-up, and refuses to start unless every job
 * type in the contract has exactly one runner, so a missing handler is found before a job is.
 */
export class RunnerRegistry {
  private readonly byType = new Map<JobType, JobRunner>();

  constructor(runners: readonly JobRunner[]) {
    const problems: string[] = [];
    for (const runner of runners) {
      if (this.byType.has(runner.type)) problems.push(`'${runner.type}' has more than one runner`);
      this.byType.set(runner.type, runner);
    }
    for (const type of JOB_TYPES) {
      if (!this.byType.has(type)) problems.push(`'${type}' has no runner`);
    }
    if (problems.length > 0)
      throw new Error(`Job runners are misconfigured: ${problems.join('; ')}`);
  }

  get(type: JobType): JobRunner {
    const runner = this.byType.get(type);
    if (!runner) throw new Error(`no runner for '${type}'`);
    return runner;
  }
}
