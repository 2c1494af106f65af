import type { PrismaService } from './prisma.service';

export const JOB_EVENTS_CHANNEL = 'mlserve_job_events';

/** Signals "job X changed" to every LISTENer (SSE streams in any API replica). */
export async function notifyJobChanged(prisma: PrismaService, id: string): Promise<void> {
  await prisma.$executeRaw`SELECT pg_notify(${JOB_EVENTS_CHANNEL}, ${id})`;
}
