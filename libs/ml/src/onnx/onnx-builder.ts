import { onnx } from 'onnx-proto';
import { attributeProto, checkedCopy, initializerProto, valueInfo } from './proto-encoding';

/** ONNX tensor element types, named as in onnx.proto (`TensorProto.DataType`). */
export type ElementType = Exclude<keyof typeof onnx.TensorProto.DataType, 'UNDEFINED'>;

/** A dimension: a fixed size, a symbolic name such as 'batch', or null for unknown. */
export type Dim = number | string | null;

/** A graph input or output. Omit `shape` for a tensor of unknown rank. */
export interface TensorSpec {
  name: string;
  type: ElementType;
  shape?: readonly Dim[];
}

/** Element types an initializer can hold; each maps to its own typed field in TensorProto. */
export type InitializerType = 'FLOAT' | 'DOUBLE' | 'INT32' | 'INT64';

export interface InitializerSpec {
  name: string;
  type: InitializerType;
  dims: readonly number[];
  /** Row-major values; their count must equal the product of `dims`. */
  values: readonly number[];
}

/** Tagged, because a JS number cannot tell an INT attribute from a FLOAT one. */
export type AttributeValue =
  | { int: number }
  | { float: number }
  | { string: string }
  | { ints: readonly number[] }
  | { floats: readonly number[] };

export interface NodeOptions {
  attributes?: Readonly<Record<string, AttributeValue>>;
  /** Name of the node's single output; generated when omitted. */
  output?: string;
  domain?: string;
}

export interface GraphBuilderOptions {
  graphName?: string;
  /** Default-domain opset; 17 is well inside what onnxruntime-node 1.30 supports. */
  opset?: number;
  producerName?: string;
}

/** IR version 8 is what onnx-proto 8 encodes (ONNX 1.10 to 1.12); onnxruntime 1.30 loads it. */
export const IR_VERSION = 8;
export const DEFAULT_OPSET = 17;

/**
 * Builds one ONNX graph step by step, checking names as it goes so a mistake fails here with a
 * clear message rather than later inside onnxruntime.
 */
export class OnnxGraphBuilder {
  private readonly inputs: TensorSpec[] = [];
  private readonly outputs: TensorSpec[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly defined = new Set<string>();
  private generatedNames = 0;

  constructor(private readonly options: GraphBuilderOptions = {}) {}

  /** Declares a graph input and returns its name. */
  input(spec: TensorSpec): string {
    const checked = checkedCopy(spec);
    this.define(spec.name);
    this.inputs.push(checked);
    return spec.name;
  }

  /** Adds a constant tensor (weights, biases, axes) and returns its name. */
  initializer(spec: InitializerSpec): string {
    const tensor = initializerProto(spec);
    this.define(spec.name);
    this.initializers.push(tensor);
    return spec.name;
  }

  /** Adds a single-output node and returns the output's name. */
  node(opType: string, inputs: readonly string[], options: NodeOptions = {}): string {
    for (const name of inputs) {
      // An empty name is ONNX's way to skip an optional input.
      if (name !== '' && !this.defined.has(name)) {
        throw new Error(`${opType}: input '${name}' is not defined yet`);
      }
    }
    const output = options.output ?? this.freshName(opType.toLowerCase());
    this.define(output);
    const attributes = Object.entries(options.attributes ?? {});
    this.nodes.push({
      name: `${output}_node`,
      opType,
      domain: options.domain ?? '',
      input: [...inputs],
      output: [output],
      attribute: attributes.map(([name, value]) => attributeProto(name, value)),
    });
    return output;
  }

  /** Declares a graph output; with `source`, an Identity node renames that tensor to `spec.name`. */
  output(spec: TensorSpec, source?: string): void {
    const checked = checkedCopy(spec);
    if (source !== undefined && source !== spec.name) {
      this.node('Identity', [source], { output: spec.name });
    }
    if (!this.defined.has(spec.name)) throw new Error(`output '${spec.name}' is never produced`);
    this.outputs.push(checked);
  }

  /** The declared inputs and outputs, in order. */
  signature(): { inputs: TensorSpec[]; outputs: TensorSpec[] } {
    return { inputs: this.inputs.map(checkedCopy), outputs: this.outputs.map(checkedCopy) };
  }

  build(): onnx.ModelProto {
    if (this.outputs.length === 0) throw new Error('a graph needs at least one output');
    return onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: this.options.producerName ?? 'mlserve',
      opsetImport: [{ domain: '', version: this.options.opset ?? DEFAULT_OPSET }],
      graph: {
        name: this.options.graphName ?? 'graph',
        input: this.inputs.map(valueInfo),
        output: this.outputs.map(valueInfo),
        initializer: this.initializers,
        node: this.nodes,
      },
    });
  }

  /** Serialized ModelProto, ready for `InferenceSession.create` or a `.onnx` file. */
  toBytes(): Uint8Array {
    // protobufjs hands back a Buffer that may be a slice of Node's shared pool; copying gives
    // callers an array whose `.buffer` holds exactly the model (safe to hash, transfer or store).
    return new Uint8Array(onnx.ModelProto.encode(this.build()).finish());
  }

  private freshName(prefix: string): string {
    let name: string;
    do name = `${prefix}_${this.generatedNames++}`;
    while (this.defined.has(name));
    return name;
  }

  private define(name: string): void {
    if (name === '') throw new Error('tensor names must not be empty');
    if (this.defined.has(name)) throw new Error(`tensor name '${name}' is already used`);
    this.defined.add(name);
  }
}
