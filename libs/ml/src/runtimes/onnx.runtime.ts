import { DomainError } from '@mlserve/contracts';
import type { Tensor } from 'onnxruntime-node';
import { fromOrtTensor, toOrtTensor } from '../tensors';
import type { ModelRuntime, NamedTensors } from './model-runtime';
import type { OnnxSessionCache } from './onnx-session-cache';

/** In-process onnxruntime, through the warm-session cache. */
export class OnnxModelRuntime implements ModelRuntime {
  constructor(
    private readonly sessions: OnnxSessionCache,
    private readonly sha256: string,
  ) {}

  async infer(inputs: NamedTensors, outputNames?: readonly string[]): Promise<NamedTensors> {
    const session = await this.sessions.get(this.sha256);
    const feeds: Record<string, Tensor> = {};
    for (const [name, tensor] of Object.entries(inputs)) feeds[name] = toOrtTensor(tensor);
    let results: Record<string, Tensor>;
    try {
      results = outputNames ? await session.run(feeds, [...outputNames]) : await session.run(feeds);
    } catch (error) {
      // Inputs were checked against the signature; what onnxruntime still refuses is about them
      // too (e.g. dimensions that must agree). Its first line says what; the trace stays here.
      const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      throw new DomainError('VALIDATION_FAILED', `the model rejected the input: ${reason}`);
    }
    const outputs: NamedTensors = {};
    for (const [name, tensor] of Object.entries(results)) outputs[name] = fromOrtTensor(tensor);
    return outputs;
  }

  async ready(): Promise<boolean> {
    try {
      await this.sessions.get(this.sha256);
      return true;
    } catch {
      return false;
    }
  }
}
