import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { connect, type Channel, type Options } from 'amqplib';
import {
  queueTopology,
  topologyQueueNames,
} from '../../../libs/queue/src/drivers/rabbitmq/topology';
import { TEST_RABBITMQ_URL } from '../../support/test-env';

export const quietLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Runs `work` on a channel of a plain connection of its own, then closes it. */
async function withChannel<T>(url: string, work: (channel: Channel) => Promise<T>): Promise<T> {
  const connection = await connect(url);
  try {
    return await work(await connection.createChannel());
  } finally {
    await connection.close();
  }
}

export function deleteQueues(
  prefix: string,
  queues: string[],
  url = TEST_RABBITMQ_URL,
): Promise<void> {
  return withChannel(url, async (channel) => {
    for (const queue of queues) {
      for (const name of topologyQueueNames(queueTopology(prefix, queue))) {
        await channel.deleteQueue(name);
      }
    }
  });
}

export function messageCount(queueName: string, url = TEST_RABBITMQ_URL): Promise<number> {
  return withChannel(url, async (channel) => (await channel.checkQueue(queueName)).messageCount);
}

export function publishRaw(
  queueName: string,
  content: Buffer,
  options: Options.Publish = {},
  url = TEST_RABBITMQ_URL,
): Promise<void> {
  return withChannel(url, async (channel) => {
    channel.sendToQueue(queueName, content, { persistent: true, ...options });
    await channel.checkQueue(queueName); // a round trip, so the publish has reached the broker
  });
}

/** Takes one message off a queue, or null. */
export function takeOne(queueName: string, url = TEST_RABBITMQ_URL): Promise<Buffer | null> {
  return withChannel(url, async (channel) => {
    const message = await channel.get(queueName, { noAck: true });
    return message ? message.content : null;
  });
}

const RABBITMQCTL = '/usr/sbin/rabbitmqctl';
export const canForceClose = existsSync(RABBITMQCTL);

/**
 * Has the broker itself close every connection whose name contains `namePart`
 * (CONNECTION_FORCED), as an operator or a broker shutdown would.
 */
export async function forceCloseConnections(namePart: string): Promise<number> {
  const run = promisify(execFile);
  const { stdout } = await run(RABBITMQCTL, ['list_connections', 'pid', 'client_properties', '-q']);
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(namePart))
    .map((line) => line.split('\t')[0]);
  for (const pid of pids)
    await run(RABBITMQCTL, ['close_connection', pid, 'forced by a test', '-q']);
  return pids.length;
}
