export * from './onnx';
export * from './store';
export * from './runtimes';
export * from './ml.module';
export * from './tensors';
export * from './batching';
// Both './onnx' (graph builder) and './tensors' (serving codec) name a type TensorSpec; the
// package-level name is the serving one, and the builder's stays reachable under an alias.
export type { TensorSpec } from './tensors';
export type { TensorSpec as OnnxTensorSpec } from './onnx';
export * from './inference';
export * from './batch-input';
export * from './training';
