export * from './parse-input';
export * from './url-input';
