/**
 * A small, real Open Inference Protocol v2 server in its own process, standing in for a model in
 * its own container (Triton, MLServer...). Serves one ONNX file with onnxruntime.
 * Env: MODEL_FILE, MODEL_NAME, DELAY_MS (answer /infer slowly), FAIL_INFER=1 (answer 500).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InferenceSession } from 'onnxruntime-node';
import {
  decodeOipRequestInputs,
  encodeOipOutput,
  runOrtSession,
  signatureFromSession,
} from '@mlserve/ml';

async function main(): Promise<void> {
  const name = process.env.MODEL_NAME ?? 'model';
  const delayMs = Number(process.env.DELAY_MS ?? 0);
  const session = await InferenceSession.create(readFileSync(process.env.MODEL_FILE ?? ''));
  const signature = signatureFromSession(session);
  const dims = (shape: (number | null)[] | null) => (shape ?? [-1]).map((d) => d ?? -1);
  const metadata = {
    name,
    versions: ['1'],
    platform: 'onnxruntime_onnx',
    inputs: signature.inputs.map((s) => ({
      name: s.name,
      datatype: s.datatype,
      shape: dims(s.shape),
    })),
    outputs: signature.outputs.map((s) => ({
      name: s.name,
      datatype: s.datatype,
      shape: dims(s.shape),
    })),
  };
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      void (async () => {
        const base = `/v2/models/${name}`;
        const infer = req.url === `${base}/infer`;
        if (infer && delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        if (req.method === 'GET' && req.url === base) return send(200, metadata);
        if (req.method === 'GET' && req.url === `${base}/ready`) return send(200, { ready: true });
        if (req.method !== 'POST' || !infer) return send(404, { error: `no route ${req.url}` });
        if (process.env.FAIL_INFER === '1') return send(500, { error: 'model crashed' });
        try {
          const body = JSON.parse(raw) as { inputs: unknown[] };
          const outputs = await runOrtSession(
            session,
            decodeOipRequestInputs(body.inputs, signature),
          );
          send(200, {
            model_name: name,
            outputs: Object.entries(outputs).map(([key, t]) => encodeOipOutput(key, t)),
          });
        } catch (error) {
          send(400, { error: error instanceof Error ? error.message : String(error) });
        }
      })();
    });
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`listening on ${(server.address() as AddressInfo).port}\n`);
  });
}

void main();
