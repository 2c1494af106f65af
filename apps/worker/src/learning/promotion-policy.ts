import { Injectable } from '@nestjs/common';
import type { PromotionOutcome } from '@mlserve/contracts';
import {
  ModelRepository,
  PromotionRepository,
  asJson,
  type ModelVersion,
  type ModelWithVersions,
} from '@mlserve/db';
import {
  compareMetric,
  descriptorOf,
  isMetricName,
  type LearningTask,
  type MetricName,
} from '@mlserve/ml';
import { VersionScorer } from './version-scorer';

export interface Candidate {
  model: ModelWithVersions;
  version: ModelVersion;
  metrics: Record<string, unknown>;
  test: { x: number[][]; y: number[] };
  task: LearningTask;
  classCount: number;
  datasetId: string;
}

/**
 * Decides whether a newly trained version takes the `production` alias: only when it beats the
 * current production version on the model's promotion metric, by at least its minimum gain,
 * both measured on the same test set. Every decision is recorded with both sets of metrics.
 */
@Injectable()
export class PromotionPolicy {
  constructor(
    private readonly models: ModelRepository,
    private readonly decisions: PromotionRepository,
    private readonly scorer: VersionScorer,
  ) {}

  async decide(
    candidate: Candidate,
    mode: 'policy' | 'always' | 'never',
  ): Promise<PromotionOutcome> {
    const { model, version } = candidate;
    const alias = model.aliases.find((a) => a.name === 'production');
    const current = alias ? model.versions.find((v) => v.id === alias.versionId) : undefined;
    const metric = metricOf(model.promotionMetric, candidate.task);
    let outcome: PromotionOutcome;
    if (mode === 'never') {
      outcome = this.outcome(false, 'promote was "never"', metric, candidate, null, current);
    } else if (!current) {
      outcome = this.outcome(
        true,
        'there was no production version yet',
        metric,
        candidate,
        null,
        undefined,
      );
    } else {
      const currentMetrics = await this.scorer.metrics(
        descriptorOf(model, current),
        candidate.test.x,
        candidate.test.y,
        candidate.task,
        candidate.classCount,
      );
      const comparison = compareMetric(
        metric,
        numberOf(candidate.metrics[metric]),
        numberOf(currentMetrics[metric]),
        model.promotionMinGain,
      );
      const gain = comparison.gain === null ? 'unknown' : comparison.gain.toFixed(4);
      const promoted = mode === 'always' || comparison.beats;
      const reason =
        mode === 'always'
          ? `promote was "always" (${metric} gain ${gain})`
          : `${metric}: v${version.version} ${fmt(candidate.metrics[metric])} vs v${current.version} ${fmt(currentMetrics[metric])}; gain ${gain} ${comparison.beats ? '>=' : '<'} required ${model.promotionMinGain} (and > 0)`;
      outcome = this.outcome(promoted, reason, metric, candidate, currentMetrics, current);
    }
    if (outcome.promoted) await this.models.setAlias(model.id, 'production', version.id);
    await this.decisions.record({
      modelId: model.id,
      kind: 'policy',
      candidateVersion: version.version,
      currentVersion: current?.version ?? null,
      metric,
      candidateMetrics: asJson(candidate.metrics),
      currentMetrics: outcome.current ? asJson(outcome.current) : undefined,
      promoted: outcome.promoted,
      reason: outcome.reason,
      datasetId: candidate.datasetId,
    });
    return outcome;
  }

  private outcome(
    promoted: boolean,
    reason: string,
    metric: MetricName,
    candidate: Candidate,
    current: Record<string, unknown> | null,
    currentVersion: ModelVersion | undefined,
  ): PromotionOutcome {
    return {
      promoted,
      reason,
      metric,
      candidate: candidate.metrics,
      current,
      currentVersion: currentVersion?.version ?? null,
    };
  }
}

function metricOf(configured: string | null, task: LearningTask): MetricName {
  if (isMetricName(configured)) return configured;
  return task === 'classification' ? 'accuracy' : 'rmse';
}

const numberOf = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const fmt = (value: unknown): string => (typeof value === 'number' ? value.toFixed(4) : 'n/a');
