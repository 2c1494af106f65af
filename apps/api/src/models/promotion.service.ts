import { Injectable } from '@nestjs/common';
import { DomainError } from '@mlserve/contracts';
import { ModelRepository, PromotionRepository, type PromotionDecision } from '@mlserve/db';
import { ModelsService } from './models.service';

/** Manual promotion and rollback of the `production` alias, recorded next to the policy's decisions. */
@Injectable()
export class PromotionService {
  constructor(
    private readonly models: ModelsService,
    private readonly repository: ModelRepository,
    private readonly decisions: PromotionRepository,
  ) {}

  async promote(name: string, versionNumber: number, by: string): Promise<PromotionDecision> {
    const model = await this.models.get(name);
    const target = await this.models.resolve(name, { version: versionNumber });
    const current = this.production(model.aliases, model.versions);
    await this.repository.setAlias(model.id, 'production', target.id);
    this.models.invalidate(name);
    return this.decisions.record({
      modelId: model.id,
      kind: 'manual',
      candidateVersion: target.version,
      currentVersion: current ?? null,
      promoted: true,
      reason: `promoted by hand (${by})`,
    });
  }

  /** Production goes back to the version it had before the latest promotion. */
  async rollback(name: string, by: string): Promise<PromotionDecision> {
    const model = await this.models.get(name);
    const last = await this.decisions.lastPromotion(model.id);
    const previous = last?.currentVersion ?? null;
    if (previous === null) {
      throw new DomainError(
        'INVALID_STATE',
        `model '${name}' has no earlier production version to roll back to`,
      );
    }
    const target = await this.models.resolve(name, { version: previous });
    await this.repository.setAlias(model.id, 'production', target.id);
    this.models.invalidate(name);
    return this.decisions.record({
      modelId: model.id,
      kind: 'rollback',
      candidateVersion: previous,
      currentVersion: this.production(model.aliases, model.versions) ?? null,
      promoted: true,
      reason: `rolled back by hand (${by})`,
    });
  }

  async list(name: string): Promise<PromotionDecision[]> {
    return this.decisions.list((await this.models.get(name)).id);
  }

  private production(
    aliases: { name: string; versionId: string }[],
    versions: { id: string; version: number }[],
  ): number | undefined {
    const alias = aliases.find((a) => a.name === 'production');
    return versions.find((v) => v.id === alias?.versionId)?.version;
  }
}
