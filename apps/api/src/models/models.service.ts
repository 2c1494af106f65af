import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, TtlCache, type AppConfig } from '@mlserve/config';
import { DomainError, notFound } from '@mlserve/contracts';
import { ModelRepository, type ModelVersion, type ModelWithVersions } from '@mlserve/db';
import { InferenceEngine, MODEL_STORE, OnnxSessionCache, type ModelStore } from '@mlserve/ml';
import { pickVersion, trafficSplitSchema, type TrafficSplit } from './traffic-split';
import type { ModelSettings } from './register-model.schema';

/** How a caller names a version: a number, an alias, or neither (the `production` alias, else the latest). */
export interface VersionSelector {
  version?: number;
  alias?: string;
}

@Injectable()
export class ModelsService {
  private readonly logger = new Logger(ModelsService.name);

  constructor(
    private readonly models: ModelRepository,
    private readonly sessions: OnnxSessionCache,
    private readonly engine: InferenceEngine,
    @Inject(MODEL_STORE) private readonly store: ModelStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.lookups = new TtlCache(config.api.lookupCacheMs);
  }

  private readonly lookups: TtlCache<ModelWithVersions>;

  async get(name: string): Promise<ModelWithVersions> {
    const model = await this.models.findByName(name);
    if (!model) throw notFound('model', name);
    return model;
  }

  /**
   * The model and version that serve a request: like `resolve`, and when the alias carries a
   * canary split, the version its weights pick (sticky by `routingKey`). Cached.
   */
  async resolveServing(
    name: string,
    selector: VersionSelector,
    routingKey?: string,
  ): Promise<{ model: ModelWithVersions; version: ModelVersion }> {
    const model = await this.getCached(name);
    const aliasName = selector.version === undefined ? (selector.alias ?? 'production') : undefined;
    const alias = model.aliases.find((a) => a.name === aliasName);
    const split = alias ? trafficSplitSchema.safeParse(alias.split) : undefined;
    if (split?.success) {
      const number = pickVersion(split.data, routingKey, `${name}:${aliasName}`);
      const version = model.versions.find((v) => v.version === number);
      if (version) return { model, version };
    }
    return { model, version: await this.resolve(name, selector, true) };
  }

  async updateSettings(name: string, settings: ModelSettings): Promise<ModelWithVersions> {
    const model = await this.get(name);
    await this.models.updateSettings(model.id, {
      task: settings.task,
      classLabels: settings.classLabels,
      logSampleRate: settings.logSampleRate,
      ...(settings.promotion && {
        promotionMetric: settings.promotion.metric,
        promotionMinGain: settings.promotion.minGain,
      }),
    });
    this.invalidate(name);
    return this.get(name);
  }

  /** Forgets cached lookups of a model after a change through this replica. */
  invalidate(name: string): void {
    this.lookups.delete(name);
  }

  private async getCached(name: string): Promise<ModelWithVersions> {
    const hit = this.lookups.get(name);
    if (hit) return hit;
    const model = await this.get(name);
    this.lookups.set(name, model);
    return model;
  }

  list(limit: number, after?: string): Promise<ModelWithVersions[]> {
    return this.models.list(limit, after);
  }

  /**
   * The version a selector names. `cached` (the inference hot path) reuses a lookup for
   * LOOKUP_CACHE_MS; changes made through this replica are seen at once, others' within that time.
   */
  async resolve(
    name: string,
    selector: VersionSelector = {},
    cached = false,
  ): Promise<ModelVersion> {
    const model = cached ? await this.getCached(name) : await this.get(name);
    if (selector.version !== undefined) {
      const version = model.versions.find((v) => v.version === selector.version);
      if (!version) throw notFound(`version of model '${name}'`, String(selector.version));
      return version;
    }
    const aliasName = selector.alias ?? 'production';
    const alias = model.aliases.find((a) => a.name === aliasName);
    if (alias) return model.versions.find((v) => v.id === alias.versionId) ?? this.noVersion(name);
    if (selector.alias !== undefined) throw notFound(`alias of model '${name}'`, selector.alias);
    return model.versions.at(-1) ?? this.noVersion(name);
  }

  async setAlias(
    name: string,
    alias: string,
    versionNumber: number,
    split?: TrafficSplit,
  ): Promise<ModelWithVersions> {
    const model = await this.get(name);
    const version = await this.resolve(name, { version: versionNumber });
    for (const entry of split ?? []) await this.resolve(name, { version: entry.version });
    await this.models.setAlias(model.id, alias, version.id, split ?? null);
    this.invalidate(name);
    return this.get(name);
  }

  async removeAlias(name: string, alias: string): Promise<void> {
    const model = await this.get(name);
    this.invalidate(name);
    if (!(await this.models.removeAlias(model.id, alias)))
      throw notFound(`alias of model '${name}'`, alias);
  }

  /** Refused (409) while an alias points at the version or a job using it is queued or running. */
  async deleteVersion(name: string, versionNumber: number): Promise<void> {
    const model = await this.get(name);
    const version = await this.resolve(name, { version: versionNumber });
    const aliases = model.aliases.filter((a) => a.versionId === version.id).map((a) => a.name);
    if (aliases.length > 0) {
      throw new DomainError(
        'CONFLICT',
        `version ${versionNumber} is still aliased as ${aliases.join(', ')}; move the alias first`,
        { aliases },
      );
    }
    const jobs = await this.models.countActiveJobs(version.id);
    if (jobs > 0) {
      throw new DomainError(
        'CONFLICT',
        `version ${versionNumber} is used by ${jobs} queued or running job(s)`,
        { jobs },
      );
    }
    await this.models.deleteVersion(version.id);
    this.invalidate(name);
    this.engine.forget(version.id);
    if (version.artifactSha256) await this.forgetArtifactIfUnused(version.artifactSha256);
  }

  /** Deletes an artifact (and its warm session) once no version uses it. */
  async forgetArtifactIfUnused(sha256: string): Promise<void> {
    if ((await this.models.countArtifactUsers(sha256)) > 0) return;
    await this.sessions.unload(sha256);
    await this.store.delete(sha256);
    this.logger.log(`removed artifact ${sha256}`);
  }

  private noVersion(name: string): never {
    throw new DomainError('NOT_FOUND', `model '${name}' has no versions`);
  }
}
