export * from './types';
export * from './parse-file';
export * from './infer-columns';
export * from './to-xy';
export * from './split';
export * from './synthetic';
