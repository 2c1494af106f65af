export * from './onnx-session-cache';
export * from './model-runtime';
export * from './onnx.runtime';
export * from './http-oip.runtime';
