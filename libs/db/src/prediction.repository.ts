import { Injectable } from '@nestjs/common';
import type { Prediction, Prisma } from './generated/prisma/client';
import { PrismaService } from './prisma.service';

export type NewPrediction = Omit<Prisma.PredictionCreateManyInput, 'id' | 'createdAt'>;

export interface FeedbackUpdate {
  feedbackLabel: number | null;
  feedbackValue: number | null;
  correct: boolean | null;
}

@Injectable()
export class PredictionRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Inserts the rows and returns their ids, in order. */
  async createMany(rows: NewPrediction[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const created = await this.prisma.prediction.createManyAndReturn({
      data: rows,
      select: { id: true },
    });
    return created.map((row) => row.id);
  }

  findById(id: string): Promise<Prediction | null> {
    return this.prisma.prediction.findUnique({ where: { id } });
  }

  recordFeedback(id: string, feedback: FeedbackUpdate): Promise<Prediction> {
    return this.prisma.prediction.update({
      where: { id },
      data: { ...feedback, feedbackAt: new Date() },
    });
  }

  /** Predictions of a model that received a label or value, oldest first. */
  withFeedback(modelId: string, from?: Date, to?: Date): Promise<Prediction[]> {
    return this.prisma.prediction.findMany({
      where: {
        modelId,
        createdAt: { gte: from, lt: to },
        OR: [{ feedbackLabel: { not: null } }, { feedbackValue: { not: null } }],
      },
      orderBy: { createdAt: 'asc' },
    });
  }
}
