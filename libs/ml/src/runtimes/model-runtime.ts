import type { HostTensor } from '../tensors';

export type NamedTensors = Record<string, HostTensor>;

/** One way of running a model version: in-process onnxruntime, or a remote OIP v2 server. */
export interface ModelRuntime {
  /** Runs the model on already-validated inputs; returns the requested (or all) outputs. */
  infer(inputs: NamedTensors, outputNames?: readonly string[]): Promise<NamedTensors>;
  /** True when the runtime can serve now (session loaded, or remote server ready). */
  ready(): Promise<boolean>;
}
