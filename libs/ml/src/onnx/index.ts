export * from './onnx-builder';
export * from './model-factories';
export * from './reference-math';
export * from './random-params';
