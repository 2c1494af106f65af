-- AlterTable
ALTER TABLE "jobs" ADD COLUMN     "expired_at" TIMESTAMP(3),
ADD COLUMN     "timeout_ms" INTEGER;

-- CreateTable
CREATE TABLE "job_attempts" (
    "id" UUID NOT NULL,
    "job_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "worker_id" TEXT,
    "outcome" TEXT NOT NULL,
    "error" JSONB,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "job_attempts_job_id_attempt_idx" ON "job_attempts"("job_id", "attempt");

-- CreateIndex
CREATE INDEX "jobs_finished_at_expired_at_idx" ON "jobs"("finished_at", "expired_at");

-- AddForeignKey
ALTER TABLE "job_attempts" ADD CONSTRAINT "job_attempts_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
