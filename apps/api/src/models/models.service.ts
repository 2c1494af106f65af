import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, notFound } from '@mlserve/contracts';
import { ModelRepository, type ModelVersion, type ModelWithVersions } from '@mlserve/db';
import { InferenceEngine, MODEL_STORE, OnnxSessionCache, type ModelStore } from '@mlserve/ml';

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
  ) {}

  async get(name: string): Promise<ModelWithVersions> {
    const model = await this.models.findByName(name);
    if (!model) throw notFound('model', name);
    return model;
  }

  list(limit: number, after?: string): Promise<ModelWithVersions[]> {
    return this.models.list(limit, after);
  }

  async resolve(name: string, selector: VersionSelector = {}): Promise<ModelVersion> {
    const model = await this.get(name);
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

  async setAlias(name: string, alias: string, versionNumber: number): Promise<ModelWithVersions> {
    const model = await this.get(name);
    const version = await this.resolve(name, { version: versionNumber });
    await this.models.setAlias(model.id, alias, version.id);
    return this.get(name);
  }

  async removeAlias(name: string, alias: string): Promise<void> {
    const model = await this.get(name);
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
