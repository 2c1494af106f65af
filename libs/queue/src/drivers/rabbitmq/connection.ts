import { connect, type ChannelModel, type RecoveringChannelModel } from 'amqplib';
import { QueueUnavailableError } from '../../queue-unavailable.error';
import { RabbitmqSession } from './session';

export interface ConnectionSettings {
  url: string;
  /** Shown in the broker's connection list. */
  name: string;
  initialReconnectDelayMs: number;
  maxReconnectDelayMs: number;
  connectTimeoutMs: number;
  heartbeatSeconds: number;
  publishTimeoutMs: number;
}

export interface DriverLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * One broker connection that reconnects by itself (amqplib's recovery: exponential backoff with
 * jitter, capped). Between a loss and the next connect there is no session, so callers fail at
 * once instead of queueing behind an outage. Every emitter gets an 'error' listener.
 */
export class RabbitmqConnection {
  private readonly starting: Promise<RecoveringChannelModel>;
  private currentSession: RabbitmqSession | null = null;
  private blockedReason: string | null = null;
  private closed = false;
  private readonly firstAttempt: Promise<void>;
  private settleFirstAttempt: () => void = () => undefined;
  private sessionListener: (session: RabbitmqSession) => void = () => undefined;

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly logger: DriverLogger,
  ) {
    this.firstAttempt = new Promise((resolve) => (this.settleFirstAttempt = resolve));
    this.starting = connect(withHeartbeat(settings.url, settings.heartbeatSeconds), {
      timeout: settings.connectTimeoutMs,
      clientProperties: { connection_name: settings.name },
      recovery: {
        initialDelay: settings.initialReconnectDelayMs,
        maxDelay: settings.maxReconnectDelayMs,
        factor: 2,
        jitter: 0.2,
        waitForConnect: false,
      },
    });
    // Listeners are attached before the first attempt, which amqplib defers to setImmediate.
    this.starting.then(
      (recovering) => this.listen(recovering),
      (error: unknown) => {
        this.logger.error(`RabbitMQ connection could not start: ${String(error)}`);
        this.settleFirstAttempt();
      },
    );
  }

  /** Called with every new session, i.e. after each (re)connect. */
  onSession(listener: (session: RabbitmqSession) => void): void {
    this.sessionListener = listener;
  }

  /** The live session; waits only for the very first connection attempt. */
  async session(): Promise<RabbitmqSession> {
    await this.firstAttempt;
    const session = this.currentSession;
    if (!session) throw new QueueUnavailableError('RabbitMQ is not connected');
    if (this.blockedReason !== null) {
      throw new QueueUnavailableError(`RabbitMQ is blocking publishers: ${this.blockedReason}`);
    }
    return session;
  }

  current(): RabbitmqSession | null {
    return this.currentSession;
  }

  /** Closes the live connection as a network failure would; recovery then reconnects. */
  async drop(): Promise<void> {
    const session = this.currentSession;
    if (session) await session.model.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.currentSession = null;
    this.settleFirstAttempt();
    const recovering = await this.starting.catch(() => null);
    await recovering?.close().catch(() => undefined);
  }

  private listen(recovering: RecoveringChannelModel): void {
    const { name } = this.settings;
    recovering.on('connect', (model: ChannelModel) => {
      if (this.closed) return;
      this.currentSession = new RabbitmqSession(model, this.settings.publishTimeoutMs, (error) =>
        this.logger.warn(`RabbitMQ channel error on ${name}: ${error.message}`),
      );
      this.blockedReason = null;
      this.logger.log(`RabbitMQ connection ${name} established`);
      this.settleFirstAttempt();
      this.sessionListener(this.currentSession);
    });
    recovering.on('disconnect', (error: Error) => {
      this.currentSession = null;
      this.logger.warn(`RabbitMQ connection ${name} lost (${error.message}); reconnecting`);
    });
    recovering.on('connect-failed', (error: Error) => {
      this.settleFirstAttempt();
      this.logger.warn(`RabbitMQ connection ${name} failed: ${error.message}`);
    });
    recovering.on('reconnect-failed', (error: Error) => {
      this.logger.error(`RabbitMQ connection ${name} gave up reconnecting: ${error.message}`);
    });
    recovering.on('error', (error: Error) => {
      this.logger.warn(`RabbitMQ connection ${name} error: ${error.message}`);
    });
    recovering.on('blocked', (reason: string) => {
      this.blockedReason = reason;
      this.logger.warn(`RabbitMQ blocked connection ${name}: ${reason}`);
    });
    recovering.on('unblocked', () => {
      this.blockedReason = null;
    });
    recovering.on('handler-error', (error: Error, event: string) => {
      this.logger.error(`RabbitMQ '${event}' listener failed: ${error.message}`);
    });
  }
}

/** Heartbeats detect a dead peer in seconds instead of the TCP timeout's minutes. */
function withHeartbeat(url: string, seconds: number): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', String(seconds));
  return parsed.toString();
}
