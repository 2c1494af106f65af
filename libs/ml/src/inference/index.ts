export * from './inference-engine';
