import { Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import { isTerminal } from '@mlserve/contracts';
import { JobEventsListener, JobRepository, type Job } from '@mlserve/db';
import { toJobView, type JobView } from './job.view';

export interface JobEvent {
  type: 'job';
  id: string;
  data: JobView;
}

/** A safety net under LISTEN/NOTIFY: the row is re-read at least this often. */
const POLL_INTERVAL_MS = 2000;

/**
 * Streams a job's state: the current state first, then every change, ending after a final
 * state. Signals come from PostgreSQL, so changes made by any worker or API replica show up.
 */
@Injectable()
export class JobEventsService {
  constructor(
    private readonly jobs: JobRepository,
    private readonly listener: JobEventsListener,
  ) {}

  stream(first: Job): Observable<JobEvent> {
    return new Observable<JobEvent>((subscriber) => {
      let lastVersion = '';
      let reading = false;
      let again = false;

      const emit = (job: Job): void => {
        const version = `${job.updatedAt.getTime()}:${job.status}:${job.progress}`;
        if (version === lastVersion) return;
        lastVersion = version;
        subscriber.next({ type: 'job', id: version, data: toJobView(job) });
        if (isTerminal(job.status)) subscriber.complete();
      };
      const refresh = async (): Promise<void> => {
        if (reading) {
          again = true;
          return;
        }
        reading = true;
        try {
          do {
            again = false;
            const job = await this.jobs.findById(first.id);
            if (job && !subscriber.closed) emit(job);
          } while (again && !subscriber.closed);
        } catch {
          // The database is briefly unreachable; the next signal or poll tries again.
        } finally {
          reading = false;
        }
      };

      const unsubscribe = this.listener.subscribe(first.id, () => void refresh());
      const poll = setInterval(() => void refresh(), POLL_INTERVAL_MS);
      emit(first);
      void refresh(); // catches a change made between the first read and the subscription
      return () => {
        clearInterval(poll);
        unsubscribe();
      };
    });
  }
}
