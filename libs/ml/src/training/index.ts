export * from './errors';
export * from './metrics';
export * from './dataset';
export * from './trainers';
export * from './export';
