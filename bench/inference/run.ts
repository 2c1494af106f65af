import os from 'node:os';
import { env as ortEnv } from 'onnxruntime-node';
import type { BareServer } from './bare-server';
import { probeCompute, type ComputeProbe } from './compute-probe';
import { LoadGenerator } from './load/load-generator';
import { benchModels } from './models';
import { startPlatform } from './platform';
import { printCompute, printTables, ratios, writeResults } from './report';
import { runScenario, type ContenderResult } from './scenarios';
import { loadSettings } from './settings';
import { BATCHING_OFF, BATCHING_ON, prepare } from './setup';

async function main(): Promise<void> {
  const settings = loadSettings();
  const startedAt = new Date();
  const loadAverageBefore = os.loadavg();
  const models = benchModels();
  const platform = await startPlatform(settings);
  const load = new LoadGenerator();
  let bare: BareServer | undefined;
  try {
    const prepared = await prepare(platform, models);
    bare = prepared.bare;
    const probes: ComputeProbe[] = [];
    for (const model of models) {
      probes.push(...(await probeCompute(model, prepared.sessions.get(model.key)!)));
    }
    printCompute(probes);
    const results: ContenderResult[] = [];
    for (const scenario of prepared.scenarios) {
      if (settings.only && !scenario.id.includes(settings.only)) continue;
      const { id, model, concurrency } = scenario;
      console.log(`\n${id}: ${model.description}, concurrency ${concurrency}`);
      results.push(...(await runScenario(load, scenario, settings)));
    }
    const computed = ratios(results);
    printTables(results, computed);
    const machine = {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      node: process.version,
      onnxruntime: ortEnv.versions.node,
      loadAverageBefore,
      loadAverageAfter: os.loadavg(),
    };
    const file = await writeResults(
      {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        machine,
        settings: {
          rounds: settings.rounds,
          roundSeconds: settings.roundMs / 1000,
          warmupSeconds: settings.warmupMs / 1000,
          databasePoolSize: platform.databasePoolSize,
          rateLimitPerMinute: settings.rateLimitPerMinute,
          batchingOff: BATCHING_OFF,
          batchingOn: BATCHING_ON,
          client: 'closed loop, node:http keep-alive, in a worker thread of the same process',
        },
        models: models.map((m) => ({ key: m.key, description: m.description, body: m.body })),
        computeProbes: probes,
        results,
        ratios: computed,
      },
      startedAt,
    );
    console.log(`\nwritten to ${file}`);
  } finally {
    await load.close();
    await bare?.close();
    await platform.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
