export * from './types';
export * from './tensor-batch';
export * from './dynamic-batcher';
export * from './run-unbatched';
