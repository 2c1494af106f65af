// Jest runs each test file in its own vm context, with its own typed-array constructors.
// onnxruntime-node's native binding creates typed arrays in Node's main realm, which then fail
// `instanceof Float32Array` checks inside the sandbox. Sharing the outer constructors fixes that.
const { TestEnvironment } = require('jest-environment-node');

const shared = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int8Array',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'Buffer',
];

class MlserveNodeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of shared) this.global[name] = globalThis[name];
  }
}

module.exports = MlserveNodeEnvironment;
