import { onnx } from 'onnx-proto';
import type { AttributeValue, Dim, InitializerSpec, TensorSpec } from './onnx-builder';

// Turns the builder's plain specs into onnx-proto messages, validating what protobuf would not.

export function checkedCopy(spec: TensorSpec): TensorSpec {
  if (!spec.shape) return { ...spec };
  for (const dim of spec.shape) {
    // onnxruntime reports both an empty symbol and an unknown dim as '', so only null means unknown.
    if (dim === '' || (typeof dim === 'number' && !(Number.isInteger(dim) && dim >= 0))) {
      throw new Error(`'${spec.name}': invalid dimension ${JSON.stringify(dim)}`);
    }
  }
  return { ...spec, shape: [...spec.shape] };
}

export function valueInfo(spec: TensorSpec): onnx.IValueInfoProto {
  const shape = spec.shape && { dim: spec.shape.map(dimension) };
  return {
    name: spec.name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType[spec.type], shape } },
  };
}

function dimension(dim: Dim): onnx.TensorShapeProto.IDimension {
  if (dim === null) return {};
  if (typeof dim === 'string') return { dimParam: dim };
  return { dimValue: dim };
}

export function initializerProto(spec: InitializerSpec): onnx.ITensorProto {
  const count = spec.dims.reduce((product, dim) => product * dim, 1);
  if (spec.values.length !== count) {
    const dims = spec.dims.join(', ');
    throw new Error(`initializer '${spec.name}': ${spec.values.length} values for dims [${dims}]`);
  }
  const integral = spec.type === 'INT32' || spec.type === 'INT64';
  if (integral && !spec.values.every(Number.isSafeInteger)) {
    throw new Error(`initializer '${spec.name}': ${spec.type} values must be safe integers`);
  }
  const base = {
    name: spec.name,
    dims: [...spec.dims],
    dataType: onnx.TensorProto.DataType[spec.type],
  };
  const values = [...spec.values];
  switch (spec.type) {
    case 'FLOAT':
      return { ...base, floatData: values };
    case 'DOUBLE':
      return { ...base, doubleData: values };
    case 'INT32':
      return { ...base, int32Data: values };
    case 'INT64':
      return { ...base, int64Data: values };
  }
}

export function attributeProto(name: string, value: AttributeValue): onnx.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if ('int' in value) return { name, type: AttributeType.INT, i: value.int };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  if ('string' in value) {
    return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value.string) };
  }
  if ('ints' in value) return { name, type: AttributeType.INTS, ints: [...value.ints] };
  return { name, type: AttributeType.FLOATS, floats: [...value.floats] };
}
