export * from './export-onnx';
export * from './verify-export';
