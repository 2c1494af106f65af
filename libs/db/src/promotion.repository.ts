import { Injectable } from '@nestjs/common';
import type { Prisma, PromotionDecision } from './generated/prisma/client';
import { PrismaService } from './prisma.service';

export type NewDecision = Omit<Prisma.PromotionDecisionUncheckedCreateInput, 'id' | 'createdAt'>;

@Injectable()
export class PromotionRepository {
  constructor(private readonly prisma: PrismaService) {}

  record(decision: NewDecision): Promise<PromotionDecision> {
    return this.prisma.promotionDecision.create({ data: decision });
  }

  list(modelId: string): Promise<PromotionDecision[]> {
    return this.prisma.promotionDecision.findMany({
      where: { modelId },
      orderBy: { createdAt: 'desc' },
    });
  }

  /** The latest decision that moved production. */
  lastPromotion(modelId: string): Promise<PromotionDecision | null> {
    return this.prisma.promotionDecision.findFirst({
      where: { modelId, promoted: true },
      orderBy: { createdAt: 'desc' },
    });
  }
}
