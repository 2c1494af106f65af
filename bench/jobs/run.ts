import os from 'node:os';
import { env as ortEnv } from 'onnxruntime-node';
import { CompletionPoller } from './completion-poller';
import type { Contender } from './contender';
import { postgresBackends, serverOnPort, thisProcess } from './cpu';
import { dropDatabase, freshDatabase } from './database';
import { printTables, ratios, writeResults } from './report';
import { runRounds } from './rounds';
import { loadSettings } from './settings';
import { sourceTree } from './source-tree';
import { closeAll, startContenders } from './start-contenders';
import { verifyOutputs } from './verify-outputs';

const portOf = (url: string, fallback: number) => Number(new URL(url).port) || fallback;

async function main(): Promise<void> {
  const settings = loadSettings();
  const startedAt = new Date();
  const loadAverageBefore = os.loadavg();
  const database = await freshDatabase(settings.databaseUrl);
  const poller = await CompletionPoller.connect(settings.databaseUrl);
  let contenders: Contender[] = [];
  try {
    contenders = await startContenders(settings, poller);
    const differences = await verifyOutputs(contenders, settings.rowsPerJob);
    console.log(`outputs agree with the raw worker's (largest relative difference per contender):`);
    console.log(`  ${JSON.stringify(differences)}`);
    const sharedCpu = [
      thisProcess('bench process'),
      postgresBackends('postgres', database),
      serverOnPort('redis', portOf(settings.redisUrl, 6379)),
      serverOnPort('rabbitmq', portOf(settings.rabbitmqUrl, 5672)),
    ];
    const results = await runRounds(contenders, settings, sharedCpu);
    const computed = ratios(results);
    printTables(results, computed);
    const file = await writeResults(
      {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        machine: {
          cpus: os.cpus().length,
          cpuModel: os.cpus()[0]?.model,
          node: process.version,
          onnxruntime: ortEnv.versions.node,
          loadAverageBefore,
          loadAverageAfter: os.loadavg(),
        },
        sourceTree: sourceTree(),
        settings: { ...settings, databaseUrl: undefined, database },
        workload: 'inference jobs, logistic regression 4→3, rows of 4 floats inline',
        client:
          'closed loops in this process: submit, wait until SUCCEEDED (10 ms DB poll), repeat',
        cpuSources: {
          'bench process':
            'this process: the API (platform) or the BullMQ producer (raw), and the client',
          workers: "the contender's worker processes",
          postgres: 'the PostgreSQL backends connected to the bench database (incl. the poller)',
          redis: 'the redis-server listening on the Redis URL (shared with anything else using it)',
          rabbitmq: 'the RabbitMQ node (beam.smp) listening on the AMQP URL (shared likewise)',
        },
        completionPolls: poller.polls,
        outputDifferences: differences,
        results,
        ratios: computed,
      },
      startedAt,
    );
    console.log(`\nwritten to ${file}`);
  } finally {
    await closeAll(contenders);
    await poller.close();
    await dropDatabase(settings.databaseUrl);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
