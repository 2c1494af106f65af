import { randomBytes } from 'node:crypto';
import type { InferenceSession } from 'onnxruntime-node';
import { startBareServer, type BareServer } from './bare-server';
import { engineTotals } from './engine-metrics';
import type { BenchModel } from './models';
import type { Batching, Platform } from './platform';
import type { Contender, Scenario } from './scenarios';

export const BATCHING_OFF: Batching = { maxBatchSize: 1, maxDelayMs: 0 };
export const BATCHING_ON: Batching = { maxBatchSize: 64, maxDelayMs: 2 };

/**
 * Registers each model twice on the platform (batching off and on), starts the bare server on
 * the platform's own warm sessions, and lays out the scenarios: c1 and c32 compare the platform
 * (batching off) with the bare server; c64 adds the batching registration.
 */
export async function prepare(
  platform: Platform,
  models: readonly BenchModel[],
): Promise<{
  bare: BareServer;
  sessions: ReadonlyMap<string, InferenceSession>;
  scenarios: Scenario[];
}> {
  const runId = randomBytes(3).toString('hex');
  const sessions = new Map<string, InferenceSession>();
  const names = [];
  for (const model of models) {
    const off = await platform.register(model, `bench-${model.key}-${runId}-b1`, BATCHING_OFF);
    const on = await platform.register(model, `bench-${model.key}-${runId}-b64`, BATCHING_ON);
    sessions.set(model.key, await platform.session(off.sha256));
    names.push({ model, off: off.name, on: on.name });
  }
  const bare = await startBareServer(sessions);
  const headers = platform.clientHeaders; // the bare server ignores it, but gets the same bytes
  const onPlatform = (id: Contender['id'], name: string): Contender => ({
    id,
    url: `${platform.url}/v1/models/${name}/predict`,
    headers,
    engineTotals: () => engineTotals(name),
  });
  const scenarios = names.flatMap(({ model, off, on }): Scenario[] => {
    const platformOff = onPlatform('platform', off);
    const platformOn = onPlatform('platform+batching', on);
    const floor: Contender = {
      id: 'bare',
      url: `${bare.url}/models/${model.key}/predict`,
      headers,
    };
    const scenario = (concurrency: number, contenders: Contender[]) => ({
      id: `${model.key}-c${concurrency}`,
      model,
      concurrency,
      contenders,
    });
    return [
      scenario(1, [platformOff, floor]),
      scenario(32, [platformOff, floor]),
      scenario(64, [platformOff, platformOn, floor]),
    ];
  });
  return { bare, sessions, scenarios };
}
