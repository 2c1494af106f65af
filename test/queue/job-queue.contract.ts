import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { JobRef } from '@mlserve/contracts';
import type { JobQueue } from '@mlserve/queue';
import { Gate, Recorder, eventually, sleep, timed } from './support/recorder';

/** How the contract reaches one driver on the machine's real broker. */
export interface JobQueueHarness<Q extends JobQueue> {
  /** A driver whose every broker object is named under `prefix`. */
  create(prefix: string): Q;
  /** A driver whose broker URL points at a closed port. */
  createUnreachable(prefix: string): Q;
  /** The driver's process dies: connections gone, nothing settled, nothing more consumed. */
  crash(queue: Q): Promise<void>;
  /** Deletes every key or queue made under `prefix` for these queue names. */
  cleanup(prefix: string, queues: string[]): Promise<void>;
}

const A = 'alpha';
const B = 'beta';
const ref = (queue: string, jobId: string): JobRef => ({ jobId, queue, attempt: 1 });

/** The behaviour every `JobQueue` driver promises; each driver's e2e spec runs it once. */
export function describeJobQueueContract<Q extends JobQueue>(
  driverName: string,
  harness: JobQueueHarness<Q>,
): void {
  describe(`JobQueue contract: ${driverName}`, () => {
    let prefix = '';
    const drivers: Q[] = [];
    const gates: Gate[] = [];
    const open = (): Q => {
      const driver = harness.create(prefix);
      drivers.push(driver);
      return driver;
    };
    const gate = (): Gate => {
      const created = new Gate();
      gates.push(created);
      return created;
    };

    beforeEach(() => {
      prefix = `qtest-${randomBytes(4).toString('hex')}`;
    });

    afterEach(async () => {
      for (const held of gates.splice(0)) held.open();
      await Promise.all(drivers.splice(0).map((driver) => driver.close()));
      await harness.cleanup(prefix, [A, B]);
    });

    it('delivers an enqueued JobRef to a consumer of its queue', async () => {
      const queue = open();
      const got = new Recorder();
      await queue.consume([A], 1, got.handler);
      await queue.enqueue(ref(A, 'one'));
      await got.waitFor(1);
      expect(got.refs).toEqual([ref(A, 'one')]);
    }, 20_000);

    it('never hands a consumer of one queue the messages of another', async () => {
      const queue = open();
      await queue.enqueue(ref(B, 'for-beta'));
      await queue.enqueue(ref(A, 'for-alpha'));
      const got = new Recorder();
      await queue.consume([A], 2, got.handler);
      await got.waitFor(1);
      await sleep(500);
      expect(got.jobIds).toEqual(['for-alpha']);
      expect((await queue.depth(B)).waiting).toBe(1);
    }, 20_000);

    it('delivers higher priorities first, in order of arrival within one priority', async () => {
      const queue = open();
      await queue.enqueue(ref(A, 'low'), { priority: 0 });
      await queue.enqueue(ref(A, 'default'));
      await queue.enqueue(ref(A, 'mid'), { priority: 5 });
      await queue.enqueue(ref(A, 'high'), { priority: 10 });
      const got = new Recorder();
      await queue.consume([A], 1, got.handler);
      await got.waitFor(4);
      expect(got.jobIds).toEqual(['high', 'mid', 'low', 'default']);
    }, 20_000);

    it('runs at most `concurrency` handlers at once, and reaches that many', async () => {
      const queue = open();
      for (let i = 0; i < 7; i += 1) await queue.enqueue(ref(A, `job-${i}`));
      let running = 0;
      let most = 0;
      const got = new Recorder(async () => {
        running += 1;
        most = Math.max(most, running);
        await sleep(300);
        running -= 1;
      });
      await queue.consume([A], 3, got.handler);
      await got.waitFor(7);
      await eventually(
        () => Promise.resolve(running),
        (count) => count === 0,
      );
      expect(most).toBe(3);
    }, 20_000);

    it('does not deliver a message again once its handler resolved', async () => {
      const first = new Recorder();
      const queue = open();
      const consumer = await queue.consume([A], 1, first.handler);
      await queue.enqueue(ref(A, 'once'));
      await first.waitFor(1);
      await consumer.close();

      const later = new Recorder();
      await open().consume([A], 1, later.handler);
      await sleep(1500);
      expect(later.refs).toEqual([]);
      expect(await queue.depth(A)).toEqual({ waiting: 0, active: 0, delayed: 0 });
    }, 20_000);

    it('delivers a message again after its handler rejected', async () => {
      const queue = open();
      const got = new Recorder((_, delivery) =>
        delivery === 1 ? Promise.reject(new Error('transient failure')) : Promise.resolve(),
      );
      await queue.consume([A], 1, got.handler);
      await queue.enqueue(ref(A, 'flaky'));
      await got.waitFor(2, 10_000);
      expect(got.jobIds).toEqual(['flaky', 'flaky']);
    }, 20_000);

    it('delivers a message again to a new consumer when its consumer dies mid-handler', async () => {
      const dying = open();
      const never = gate();
      const held = new Recorder(() => never.opened);
      await dying.consume([A], 1, held.handler);
      await dying.enqueue(ref(A, 'orphan'));
      await held.waitFor(1);
      await harness.crash(dying);

      const survivor = new Recorder();
      await open().consume([A], 1, survivor.handler);
      await survivor.waitFor(1, 15_000);
      expect(survivor.refs).toEqual([ref(A, 'orphan')]);
    }, 30_000);

    it('delivers a delayed message no earlier than its delay', async () => {
      const queue = open();
      const got = new Recorder();
      await queue.consume([A], 1, got.handler);
      const sentAt = Date.now();
      await queue.enqueue(ref(A, 'later'), { delayMs: 1500 });
      expect(await queue.depth(A)).toMatchObject({ waiting: 0, delayed: 1 });
      await got.waitFor(1, 10_000);
      expect(got.arrivals[0] - sentAt).toBeGreaterThanOrEqual(1500);
    }, 20_000);

    it('does not hold a short delay behind a longer one', async () => {
      const queue = open();
      const got = new Recorder();
      await queue.consume([A], 1, got.handler);
      const sentAt = Date.now();
      await queue.enqueue(ref(A, 'long'), { delayMs: 8000 });
      await queue.enqueue(ref(A, 'short'), { delayMs: 1000 });
      await got.waitFor(1, 10_000);
      expect(got.jobIds).toEqual(['short']);
      expect(got.arrivals[0] - sentAt).toBeLessThan(4000);
    }, 20_000);

    it('reports depth: waiting, active (held by this process) and delayed', async () => {
      const queue = open();
      expect(await queue.depth(A)).toEqual({ waiting: 0, active: 0, delayed: 0 });
      for (const id of ['d1', 'd2', 'd3']) await queue.enqueue(ref(A, id));
      await queue.enqueue(ref(A, 'd4'), { delayMs: 60_000 });
      expect(await queue.depth(A)).toEqual({ waiting: 3, active: 0, delayed: 1 });

      const held = gate();
      const got = new Recorder(() => held.opened);
      await queue.consume([A], 1, got.handler);
      await got.waitFor(1);
      await eventually(
        () => queue.depth(A),
        (depth) => depth.waiting === 2 && depth.active === 1 && depth.delayed === 1,
      );
    }, 20_000);

    it('closes a consumer only after its in-flight handler finished, and acks it', async () => {
      const queue = open();
      const held = gate();
      const got = new Recorder(() => held.opened);
      const consumer = await queue.consume([A], 1, got.handler);
      await queue.enqueue(ref(A, 'slow'));
      await got.waitFor(1);

      let closed = false;
      const closing = consumer.close().then(() => (closed = true));
      await sleep(500);
      expect(closed).toBe(false);
      held.open();
      await closing;

      const later = new Recorder();
      await open().consume([A], 1, later.handler);
      await sleep(1000);
      expect(later.refs).toEqual([]);
    }, 20_000);

    it('answers ping on a live broker', async () => {
      await expect(open().ping()).resolves.toBeUndefined();
    }, 10_000);

    it('rejects ping and enqueue fast when the broker is unreachable', async () => {
      const down = harness.createUnreachable(prefix);
      drivers.push(down);
      const ping = await timed(() => down.ping());
      expect(ping.result.status).toBe('rejected');
      expect(ping.ms).toBeLessThan(1500);
      const enqueue = await timed(() => down.enqueue(ref(A, 'nowhere')));
      expect(enqueue.result.status).toBe('rejected');
      expect(enqueue.ms).toBeLessThan(1500);
    }, 10_000);
  });
}
