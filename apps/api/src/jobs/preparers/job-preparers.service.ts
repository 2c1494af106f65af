import { Injectable } from '@nestjs/common';
import { InferenceJobPreparer } from './inference.preparer';
import { LearningJobPreparer } from './learning.preparer';
import type { PreparedJob, ValidatedJob } from './job-preparer';

/** Type-specific checks and completion of a payload before the job row is written. */
@Injectable()
export class JobPreparers {
  constructor(
    private readonly inference: InferenceJobPreparer,
    private readonly learning: LearningJobPreparer,
  ) {}

  async prepare(job: ValidatedJob): Promise<PreparedJob> {
    switch (job.type) {
      case 'diagnostic.sleep':
        return { payload: job.payload };
      case 'inference':
        return this.inference.prepare(job.payload);
      case 'training':
        return this.learning.training(job.payload);
      case 'evaluation':
        return this.learning.evaluation(job.payload);
    }
  }
}
