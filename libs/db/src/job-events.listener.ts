import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, type AppConfig } from '@mlserve/config';
import { JOB_EVENTS_CHANNEL } from './job-events.notify';
import { pgPoolConfig } from './pg-pool-config';

type JobChangeHandler = (jobId: string) => void;

/**
 * Delivers "job X changed" signals from PostgreSQL LISTEN/NOTIFY, whichever process made the
 * change. Connects lazily on the first subscriber and reconnects with backoff after an outage;
 * subscribers re-read the row, so a missed signal only delays an update.
 */
@Injectable()
export class JobEventsListener implements OnModuleDestroy {
  private readonly logger = new Logger(JobEventsListener.name);
  private readonly handlers = new Map<string, Set<JobChangeHandler>>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  private retryDelayMs = 250;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Calls `handler` whenever job `jobId` changes; returns the unsubscribe function. */
  subscribe(jobId: string, handler: JobChangeHandler): () => void {
    const set = this.handlers.get(jobId) ?? new Set<JobChangeHandler>();
    set.add(handler);
    this.handlers.set(jobId, set);
    void this.ensureConnected();
    return () => {
      set.delete(handler);
      if (set.size === 0) this.handlers.delete(jobId);
    };
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private ensureConnected(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new Client(pgPoolConfig(this.config.db));
    client.on('notification', (message) => {
      if (message.channel !== JOB_EVENTS_CHANNEL || !message.payload) return;
      for (const handler of this.handlers.get(message.payload) ?? []) handler(message.payload);
    });
    client.on('error', (error) => this.onConnectionLost(client, error));
    try {
      await client.connect();
      await client.query(`LISTEN ${JOB_EVENTS_CHANNEL}`);
      this.client = client;
      this.retryDelayMs = 250;
    } catch (error) {
      this.onConnectionLost(client, error);
    }
  }

  private onConnectionLost(client: Client, error: unknown): void {
    if (this.client === client) this.client = null;
    void client.end().catch(() => undefined);
    if (this.closed || this.handlers.size === 0) return;
    this.logger.warn(`job events connection lost (${String(error)}); retrying`);
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(delay * 2, 10_000);
    setTimeout(() => void this.ensureConnected(), delay).unref();
  }
}
