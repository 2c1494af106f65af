export * from './inference-engine';
export * from './model-descriptor';
