import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { fromOrtTensor, toOrtTensor, type HostTensor } from './host-tensor';

/**
 * Runs an onnxruntime session on host tensors and returns all its outputs as host tensors; this
 * is the `run` a DynamicBatcher needs for an ONNX model. Inputs should be decoded against the
 * session's signature first, as onnxruntime's own errors do not say which input was wrong.
 */
export async function runOrtSession(
  session: InferenceSession,
  inputs: Readonly<Record<string, HostTensor>>,
): Promise<Record<string, HostTensor>> {
  const feeds: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(inputs)) feeds[name] = toOrtTensor(tensor);
  const results = await session.run(feeds);
  const outputs: Record<string, HostTensor> = {};
  for (const [name, tensor] of Object.entries(results)) outputs[name] = fromOrtTensor(tensor);
  return outputs;
}
