import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JobRef } from '@mlserve/contracts';
import { QueueUnavailableError, RabbitmqJobQueue } from '@mlserve/queue';
import { PrivateRabbitmq, canRunPrivateRabbitmq } from './support/private-rabbitmq';
import { quietLogger } from './support/rabbitmq-admin';
import { Recorder, eventually, timed } from './support/recorder';

const ref = (queue: string, jobId: string): JobRef => ({ jobId, queue, attempt: 1 });
const isUp = (queue: RabbitmqJobQueue) => () =>
  queue.ping().then(
    () => true,
    () => false,
  );

// Kills and restarts a broker, so it runs one of its own rather than the machine's shared one.
(canRunPrivateRabbitmq ? describe : describe.skip)(
  'RabbitMQ driver across a broker restart',
  () => {
    let broker: PrivateRabbitmq | undefined;

    beforeAll(async () => {
      broker = await PrivateRabbitmq.create();
      await broker.start();
    }, 60_000);

    afterAll(async () => {
      await broker?.destroy();
    }, 30_000);

    it('fails fast while the broker is down, then reconnects, resubscribes and keeps what it confirmed', async () => {
      const queue = new RabbitmqJobQueue({
        url: broker!.url,
        prefix: `qtest-${randomBytes(4).toString('hex')}`,
        logger: quietLogger,
        reconnect: { initialDelayMs: 200, maxDelayMs: 2000 },
      });
      try {
        const got = new Recorder();
        await queue.consume(['alpha'], 1, got.handler);
        await queue.enqueue(ref('alpha', 'before'));
        await got.waitFor(1);
        await queue.enqueue(ref('beta', 'kept')); // nobody consumes beta

        await broker!.kill();
        await eventually(isUp(queue), (up) => !up, 5000);
        const enqueue = await timed(() => queue.enqueue(ref('alpha', 'while-down')));
        expect(enqueue.result).toMatchObject({
          status: 'rejected',
          reason: expect.any(QueueUnavailableError),
        });
        expect(enqueue.ms).toBeLessThan(250);
        const ping = await timed(() => queue.ping());
        expect(ping.result.status).toBe('rejected');
        expect(ping.ms).toBeLessThan(1500);

        await broker!.start();
        await eventually(isUp(queue), (up) => up, 20_000);
        expect((await queue.depth('beta')).waiting).toBe(1); // persistent, confirmed, durable
        await queue.enqueue(ref('alpha', 'after'));
        await eventually(
          () => Promise.resolve(got.jobIds),
          (ids) => ids.includes('after'),
          10_000,
        );
        // A kill may lose the broker's record of an ack, so 'before' may come again: at least once.
        expect([...new Set(got.jobIds)].sort()).toEqual(['after', 'before']);
      } finally {
        await queue.close();
      }
    }, 90_000);
  },
);
