import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { JobRef } from '@mlserve/contracts';
import {
  QueueUnavailableError,
  RabbitmqJobQueue,
  type RabbitmqDriverOptions,
} from '@mlserve/queue';
import { DELIVER_AT_HEADER } from '../../libs/queue/src/drivers/rabbitmq/message';
import { TEST_RABBITMQ_URL } from '../support/test-env';
import { describeJobQueueContract } from './job-queue.contract';
import {
  canForceClose,
  deleteQueues,
  forceCloseConnections,
  messageCount,
  publishRaw,
  quietLogger,
  takeOne,
} from './support/rabbitmq-admin';
import { Gate, Recorder, eventually, sleep, timed } from './support/recorder';

const driver = (prefix: string, options: Partial<RabbitmqDriverOptions> = {}) =>
  new RabbitmqJobQueue({
    url: TEST_RABBITMQ_URL,
    prefix,
    logger: quietLogger,
    reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
    ...options,
  });

describeJobQueueContract('rabbitmq', {
  create: (prefix) => driver(prefix),
  createUnreachable: (prefix) => driver(prefix, { url: 'amqp://guest:guest@127.0.0.1:1' }),
  crash: (queue) => queue.simulateCrash(),
  cleanup: (prefix, queues) => deleteQueues(prefix, queues),
});

describe('RabbitMQ driver', () => {
  const A = 'alpha';
  const ref: JobRef = { jobId: 'job-1', queue: A, attempt: 1 };
  let prefix = '';
  const opened: RabbitmqJobQueue[] = [];
  const gates: Gate[] = [];
  const open = (options: Partial<RabbitmqDriverOptions> = {}): RabbitmqJobQueue => {
    const queue = driver(prefix, options);
    opened.push(queue);
    return queue;
  };

  beforeEach(() => {
    prefix = `qtest-${randomBytes(4).toString('hex')}`;
  });

  afterEach(async () => {
    for (const gate of gates.splice(0)) gate.open();
    await Promise.all(opened.splice(0).map((queue) => queue.close()));
    await deleteQueues(prefix, [A]);
  });

  it('dead-letters a message whose body is not a JobRef, without calling the handler', async () => {
    const queue = open();
    const got = new Recorder();
    await queue.consume([A], 1, got.handler);
    await publishRaw(`${prefix}.${A}`, Buffer.from('{"not":"a job ref"}'));
    await eventually(
      () => messageCount(`${prefix}.${A}.dead`),
      (count) => count === 1,
    );
    expect(got.refs).toEqual([]);
  }, 15_000);

  it('dead-letters a message once its handler has rejected maxAttempts times', async () => {
    const queue = open({ maxAttempts: 2 });
    const got = new Recorder(() => Promise.reject(new Error('always fails')));
    await queue.consume([A], 1, got.handler);
    await queue.enqueue(ref, { priority: 7 });
    await got.waitFor(2, 10_000);
    await eventually(
      () => messageCount(`${prefix}.${A}.dead`),
      (count) => count === 1,
    );
    await sleep(1500);
    expect(got.refs).toHaveLength(2);
    expect(await queue.depth(A)).toEqual({ waiting: 0, active: 0, delayed: 0 });
    expect(JSON.parse(String(await takeOne(`${prefix}.${A}.dead`)))).toEqual(ref);
  }, 20_000);

  it('holds a message that is due after its delay bucket until it is due', async () => {
    const queue = open();
    const got = new Recorder();
    await queue.consume([A], 1, got.handler);
    const dueAt = Date.now() + 1500;
    await publishRaw(`${prefix}.${A}`, Buffer.from(JSON.stringify(ref)), {
      headers: { [DELIVER_AT_HEADER]: dueAt },
    });
    await got.waitFor(1, 10_000);
    expect(got.arrivals[0]).toBeGreaterThanOrEqual(dueAt);
    expect(got.refs).toEqual([ref]);
  }, 15_000);

  it('fails fast while disconnected, then reconnects and consumes again', async () => {
    const queue = open({ reconnect: { initialDelayMs: 1000, maxDelayMs: 2000 } });
    const held = new Gate();
    gates.push(held);
    const got = new Recorder((_, delivery) => (delivery === 1 ? held.opened : Promise.resolve()));
    await queue.consume([A], 1, got.handler);
    await queue.enqueue(ref);
    await got.waitFor(1);

    await queue.dropConnections();
    const enqueue = await timed(() => queue.enqueue({ ...ref, jobId: 'while-down' }));
    expect(enqueue.result).toMatchObject({
      status: 'rejected',
      reason: expect.any(QueueUnavailableError),
    });
    expect(enqueue.ms).toBeLessThan(250);
    await expect(queue.ping()).rejects.toThrow(QueueUnavailableError);

    await eventually(
      () =>
        queue.ping().then(
          () => true,
          () => false,
        ),
      (up) => up,
      10_000,
    );
    await got.waitFor(2, 10_000); // the unacked message came back with the lost channel
    await queue.enqueue({ ...ref, jobId: 'after' });
    await got.waitFor(3, 10_000);
    expect(got.jobIds).toEqual(['job-1', 'job-1', 'after']);
  }, 30_000);

  it('declares its queues again when they are deleted underneath it', async () => {
    const queue = open();
    const got = new Recorder();
    await queue.consume([A], 1, got.handler);
    await queue.enqueue(ref);
    await got.waitFor(1);

    await deleteQueues(prefix, [A]);
    await queue.enqueue({ ...ref, jobId: 'after' });
    await got.waitFor(2, 10_000);
    expect(got.jobIds).toEqual(['job-1', 'after']);
  }, 20_000);

  (canForceClose ? it : it.skip)(
    'recovers when the broker force-closes its connections',
    async () => {
      const queue = open();
      const got = new Recorder();
      await queue.consume([A], 1, got.handler);
      await queue.enqueue(ref);
      await got.waitFor(1);

      expect(await forceCloseConnections(prefix)).toBe(2); // publisher and consumer
      await eventually(
        () =>
          queue.ping().then(
            () => true,
            () => false,
          ),
        (up) => up,
        10_000,
      );
      await eventually(
        () =>
          queue.enqueue({ ...ref, jobId: 'after' }).then(
            () => true,
            () => false,
          ),
        (sent) => sent,
      );
      await got.waitFor(2, 10_000);
      expect(got.jobIds).toEqual(['job-1', 'after']);
    },
    30_000,
  );
});
