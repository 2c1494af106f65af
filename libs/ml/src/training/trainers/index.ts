export * from './types';
export * from './hyperparameters';
export { computeScaling, foldScaling, standardize } from './scaling';
export { loadTfjs, type Tfjs } from './tf-backend';
export * from './trainers';
