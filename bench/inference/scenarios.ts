import { engineMeans, type EngineMeans, type EngineTotals } from './engine-metrics';
import type { LoadGenerator } from './load/load-generator';
import type { BenchModel, ModelKey } from './models';
import type { BenchSettings } from './settings';
import { medianRound, summarize, type RoundStats } from './stats';
import { askOnce, maxRelativeDifference } from './verify';

export type ContenderId = 'platform' | 'platform+batching' | 'bare';

/** One server endpoint serving one model. */
export interface Contender {
  id: ContenderId;
  url: string;
  headers: Record<string, string>;
  /** The platform's inference histograms for this model; absent for the bare server. */
  engineTotals?: () => Promise<EngineTotals>;
}

/** Contenders measured against each other: same model, same body, same concurrency. */
export interface Scenario {
  id: string;
  model: BenchModel;
  concurrency: number;
  contenders: Contender[];
}

export interface ContenderResult {
  scenario: string;
  model: ModelKey;
  concurrency: number;
  contender: ContenderId;
  /** Largest relative output difference from the bare server's answer to the same body. */
  maxRelativeDifference: number;
  rounds: RoundStats[];
  median: RoundStats;
  /** From the platform's own metrics, over all measured rounds (not the warm-up). */
  engine: EngineMeans | undefined;
}

const TOLERANCE = 1e-4;

/**
 * Checks every contender answers like the bare server, warms each up, then runs the rounds
 * interleaved (round r starts at contender r mod n), so drift on a noisy machine hits all alike.
 */
export async function runScenario(
  load: LoadGenerator,
  scenario: Scenario,
  settings: BenchSettings,
): Promise<ContenderResult[]> {
  const { model, concurrency, contenders } = scenario;
  const differences = await verify(scenario);
  const job = (c: Contender, durationMs: number) =>
    load.run({ url: c.url, headers: c.headers, body: model.body, concurrency, durationMs });
  for (const contender of contenders) await job(contender, settings.warmupMs);
  const before = await engineSnapshot(contenders);
  const rounds = contenders.map((): RoundStats[] => []);
  for (let r = 0; r < settings.rounds; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (r + k) % contenders.length;
      const raw = await job(contenders[i], settings.roundMs);
      if (raw.errors > 0) {
        console.warn(
          `  ${scenario.id} ${contenders[i].id}: ${raw.errors} errors, first: ${raw.firstError}`,
        );
      }
      const stats = summarize(raw);
      rounds[i].push(stats);
      console.log(
        `  ${scenario.id} ${contenders[i].id.padEnd(17)} round ${r + 1}: ${describe(stats)}`,
      );
    }
  }
  const after = await engineSnapshot(contenders);
  return contenders.map((c, i) => ({
    scenario: scenario.id,
    model: model.key,
    concurrency,
    contender: c.id,
    maxRelativeDifference: differences[i],
    rounds: rounds[i],
    median: medianRound(rounds[i]),
    engine: before[i] && after[i] ? engineMeans(before[i], after[i]) : undefined,
  }));
}

function engineSnapshot(contenders: readonly Contender[]) {
  return Promise.all(contenders.map((c) => c.engineTotals?.() ?? Promise.resolve(undefined)));
}

async function verify({ id, model, contenders }: Scenario): Promise<number[]> {
  const answers = await Promise.all(contenders.map((c) => askOnce(c.url, c.headers, model.body)));
  const reference = answers[contenders.findIndex((c) => c.id === 'bare')];
  if (!reference) throw new Error(`${id}: no bare server to compare with`);
  return answers.map((answer, i) => {
    const difference = maxRelativeDifference(answer, reference);
    if (difference > TOLERANCE) {
      throw new Error(`${id}: ${contenders[i].id} differs from bare by ${difference}`);
    }
    return difference;
  });
}

function describe(s: RoundStats): string {
  return `${s.reqPerSec.toFixed(0)} req/s, p50 ${s.p50Ms.toFixed(2)} ms, p99 ${s.p99Ms.toFixed(2)} ms`;
}
