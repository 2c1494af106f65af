-- AlterTable
ALTER TABLE "model_aliases" ADD COLUMN     "split" JSONB;

-- AlterTable
ALTER TABLE "model_versions" ADD COLUMN     "lineage" JSONB,
ADD COLUMN     "metrics" JSONB;

-- AlterTable
ALTER TABLE "models" ADD COLUMN     "class_labels" JSONB,
ADD COLUMN     "log_sample_rate" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "promotion_metric" TEXT,
ADD COLUMN     "promotion_min_gain" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "task" TEXT;

-- CreateTable
CREATE TABLE "predictions" (
    "id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "routing_key" TEXT,
    "input" JSONB NOT NULL,
    "output" JSONB NOT NULL,
    "predicted_label" INTEGER,
    "predicted_value" DOUBLE PRECISION,
    "feedback_label" INTEGER,
    "feedback_value" DOUBLE PRECISION,
    "correct" BOOLEAN,
    "feedback_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "predictions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "datasets" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "columns" JSONB NOT NULL,
    "target" TEXT NOT NULL,
    "row_count" INTEGER NOT NULL,
    "file_sha256" TEXT NOT NULL,
    "source" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "datasets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promotion_decisions" (
    "id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "candidate_version" INTEGER NOT NULL,
    "current_version" INTEGER,
    "metric" TEXT,
    "candidate_metrics" JSONB,
    "current_metrics" JSONB,
    "promoted" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "dataset_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotion_decisions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "predictions_model_id_created_at_idx" ON "predictions"("model_id", "created_at");

-- CreateIndex
CREATE INDEX "predictions_version_id_created_at_idx" ON "predictions"("version_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "datasets_name_version_key" ON "datasets"("name", "version");

-- CreateIndex
CREATE INDEX "promotion_decisions_model_id_created_at_idx" ON "promotion_decisions"("model_id", "created_at");

-- AddForeignKey
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_decisions" ADD CONSTRAINT "promotion_decisions_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;
