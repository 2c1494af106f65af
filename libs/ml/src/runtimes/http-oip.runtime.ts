import { DomainError } from '@mlserve/contracts';
import {
  decodeOipRequestInputs,
  encodeOipOutput,
  isTensorDataType,
  type ModelSignature,
  type TensorSpec,
} from '../tensors';
import type { ModelRuntime, NamedTensors } from './model-runtime';

export interface OipEndpoint {
  /** Base URL of the server, e.g. http://sentiment:8080 (the /v2 routes are appended). */
  baseUrl: string;
  /** The model's name on that server. */
  modelName: string;
  timeoutMs: number;
}

interface OipTensorJson {
  name: string;
  datatype: string;
  shape: number[];
}

/**
 * A model served by another process that speaks the Open Inference Protocol v2 (Triton,
 * MLServer, KServe, another mlserve...). Failures become 502/504 with a message naming the server.
 */
export class HttpOipRuntime implements ModelRuntime {
  constructor(private readonly endpoint: OipEndpoint) {}

  private get modelUrl(): string {
    const base = this.endpoint.baseUrl.replace(/\/+$/, '');
    return `${base}/v2/models/${encodeURIComponent(this.endpoint.modelName)}`;
  }

  async infer(inputs: NamedTensors, outputNames?: readonly string[]): Promise<NamedTensors> {
    const body = {
      inputs: Object.entries(inputs).map(([name, tensor]) => encodeOipOutput(name, tensor)),
      ...(outputNames && { outputs: outputNames.map((name) => ({ name })) }),
    };
    const json = await this.call('/infer', { method: 'POST', body: JSON.stringify(body) });
    const outputs = (json as { outputs?: unknown }).outputs;
    if (!Array.isArray(outputs)) throw this.badAnswer('its answer has no "outputs" array');
    // The server's own shapes and datatypes describe its outputs; decode them as such.
    const described = { inputs: outputs.map(describe).filter((s) => s !== null), outputs: [] };
    try {
      return decodeOipRequestInputs(outputs, described);
    } catch (error) {
      throw this.badAnswer(`its outputs are malformed: ${String(error)}`);
    }
  }

  async ready(): Promise<boolean> {
    try {
      await this.call('/ready', { method: 'GET' });
      return true;
    } catch {
      return false;
    }
  }

  /** The model's inputs and outputs as the server declares them (-1 = dynamic). */
  async metadata(): Promise<ModelSignature> {
    const json = (await this.call('', { method: 'GET' })) as {
      inputs?: unknown;
      outputs?: unknown;
    };
    const specs = (value: unknown): TensorSpec[] => {
      if (!Array.isArray(value)) throw this.badAnswer('its metadata has no inputs/outputs arrays');
      return value.map((item) => {
        const spec = describe(item);
        if (!spec)
          throw this.badAnswer(
            `its metadata describes an unusable tensor: ${JSON.stringify(item)}`,
          );
        return { ...spec, shape: spec.shape?.map((d) => (d !== null && d < 0 ? null : d)) ?? null };
      });
    };
    return { inputs: specs(json.inputs), outputs: specs(json.outputs) };
  }

  private async call(path: string, init: RequestInit): Promise<unknown> {
    const url = `${this.modelUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        headers: { 'content-type': 'application/json' },
        signal: AbortSignal.timeout(this.endpoint.timeoutMs),
      });
    } catch (error) {
      // by name: the DOMException may come from another realm (e.g. a test sandbox)
      if ((error as { name?: unknown } | null)?.name === 'TimeoutError') {
        throw new DomainError(
          'UPSTREAM_TIMEOUT',
          `model server ${url} did not answer within ${this.endpoint.timeoutMs} ms`,
        );
      }
      throw new DomainError(
        'UPSTREAM_FAILED',
        `model server ${url} is unreachable: ${causeOf(error)}`,
      );
    }
    const text = await response.text();
    const parsed = safeJson(text);
    if (response.ok) return parsed;
    const message = errorMessage(parsed) ?? text.slice(0, 200);
    if (response.status === 400 || response.status === 422) {
      throw new DomainError('VALIDATION_FAILED', `the model server rejected the input: ${message}`);
    }
    if (response.status === 404)
      throw new DomainError(
        'UPSTREAM_FAILED',
        `model server ${url} does not know the model (404): ${message}`,
      );
    throw new DomainError(
      'UPSTREAM_FAILED',
      `model server ${url} answered ${response.status}: ${message}`,
    );
  }

  private badAnswer(what: string): DomainError {
    return new DomainError('UPSTREAM_FAILED', `model server ${this.modelUrl}: ${what}`);
  }
}

function describe(item: unknown): TensorSpec | null {
  if (typeof item !== 'object' || item === null) return null;
  const { name, datatype, shape } = item as Partial<OipTensorJson>;
  if (typeof name !== 'string' || !isTensorDataType(datatype) || !Array.isArray(shape)) return null;
  return { name, datatype, shape: shape.map((d) => (typeof d === 'number' ? d : null)) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const { error } = body;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null && 'message' in error)
    return String(error.message);
  return undefined;
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
