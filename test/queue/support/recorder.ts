import type { JobRef } from '@mlserve/contracts';
import type { JobRefHandler } from '@mlserve/queue';

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** A handler that records every delivery, then does whatever `then` does (default: resolve). */
export class Recorder {
  readonly refs: JobRef[] = [];
  readonly arrivals: number[] = [];

  constructor(
    private readonly then: (ref: JobRef, delivery: number) => Promise<void> = async () => {},
  ) {}

  readonly handler: JobRefHandler = async (ref) => {
    this.refs.push(ref);
    this.arrivals.push(Date.now());
    await this.then(ref, this.refs.length);
  };

  get jobIds(): string[] {
    return this.refs.map((ref) => ref.jobId);
  }

  async waitFor(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.refs.length < count) {
      if (Date.now() > deadline) {
        throw new Error(
          `expected ${count} deliveries within ${timeoutMs} ms, got [${this.jobIds.join(', ')}]`,
        );
      }
      await sleep(20);
    }
  }
}

/** A promise the test opens when it chooses; every gate is opened after each test. */
export class Gate {
  private release: () => void = () => undefined;
  readonly opened = new Promise<void>((resolve) => (this.release = resolve));

  open(): void {
    this.release();
  }
}

/** Polls until `probe` returns something that passes `done`, or fails with the last value. */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

export async function timed<T>(
  work: () => Promise<T>,
): Promise<{ ms: number; result: PromiseSettledResult<T> }> {
  const started = Date.now();
  const [result] = await Promise.allSettled([work()]);
  return { ms: Date.now() - started, result: result };
}
