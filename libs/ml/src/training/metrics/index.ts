export { accuracy, averageKind, confusionMatrix, f1, precision, recall } from './classification';
export { averageRanks, binaryRocAuc, rocAuc } from './roc-auc';
export { classificationMetrics, type ClassificationMetrics } from './classification-metrics';
export { mae, r2, regressionMetrics, rmse, type RegressionMetrics } from './regression';
export * from './compare';
