export * from './inference-engine';
export * from './model-descriptor';
export * from './prediction-logger';
