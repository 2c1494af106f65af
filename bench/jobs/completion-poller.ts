import { Client } from 'pg';

/** A finished job's row: its final status and its timestamps in epoch milliseconds. */
export interface FinishedJob {
  id: string;
  status: string;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
}

interface Waiter {
  resolve(job: FinishedJob): void;
  reject(error: Error): void;
  deadline: number;
}

/** How often the jobs being waited for are looked up; only while some are. */
const POLL_INTERVAL_MS = 10;

// timestamp(3) columns hold UTC (Prisma writes UTC); epoch of a timestamp without time zone
// reads it as UTC, whatever the session's TimeZone. Only the primary key in the condition: with
// `status IN (...)` too, the planner scans the status index, i.e. every finished job, per poll.
const BY_ID = `
  SELECT id::text AS id, status::text AS status,
         (extract(epoch FROM created_at) * 1000)::float8 AS "createdAt",
         (extract(epoch FROM started_at) * 1000)::float8 AS "startedAt",
         (extract(epoch FROM finished_at) * 1000)::float8 AS "finishedAt"
    FROM jobs
   WHERE id = ANY($1::uuid[])`;

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/**
 * Tells the bench when jobs have finished, as a client polling PostgreSQL would: one indexed
 * query every 10 ms for all the jobs being waited for, on a connection of its own.
 */
export class CompletionPoller {
  private readonly waiting = new Map<string, Waiter>();
  private timer: NodeJS.Timeout | undefined;
  polls = 0;

  private constructor(private readonly client: Client) {}

  static async connect(databaseUrl: string): Promise<CompletionPoller> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    return new CompletionPoller(client);
  }

  /** Resolves with the job's row once it is SUCCEEDED, FAILED or CANCELLED. */
  wait(id: string, timeoutMs = 120_000): Promise<FinishedJob> {
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, deadline: Date.now() + timeoutMs });
      this.schedule();
    });
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    for (const [id, waiter] of this.waiting) waiter.reject(new Error(`job ${id}: bench closing`));
    this.waiting.clear();
    await this.client.end();
  }

  private schedule(): void {
    if (this.timer || this.waiting.size === 0) return;
    this.timer = setTimeout(() => void this.poll(), POLL_INTERVAL_MS);
  }

  private async poll(): Promise<void> {
    try {
      this.polls += 1;
      const { rows } = await this.client.query<FinishedJob>(BY_ID, [[...this.waiting.keys()]]);
      for (const row of rows.filter((r) => FINAL.has(r.status))) {
        this.waiting.get(row.id)?.resolve(row);
        this.waiting.delete(row.id);
      }
      const now = Date.now();
      for (const [id, waiter] of this.waiting) {
        if (waiter.deadline > now) continue;
        waiter.reject(new Error(`job ${id} did not finish in time`));
        this.waiting.delete(id);
      }
    } catch (error) {
      console.warn(`completion poll failed: ${String(error)}`);
    } finally {
      this.timer = undefined;
      this.schedule();
    }
  }
}
