import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Tensor, type InferenceSession } from 'onnxruntime-node';

/** Nested arrays of numbers, as in the platform's `outputs`. */
type Nested = number | Nested[];

export interface BareServer {
  url: string;
  close(): Promise<void>;
}

const ROUTE = /^\/models\/([^/]+)\/predict$/;

/**
 * The floor: `node:http`, JSON.parse, one `session.run`, JSON.stringify. No framework, auth,
 * registry lookup, validation beyond what is needed not to crash, or metrics.
 */
export async function startBareServer(
  sessions: ReadonlyMap<string, InferenceSession>,
): Promise<BareServer> {
  const server = createServer((req, res) => {
    const session = ROUTE.exec(req.url ?? '')?.[1];
    const target = session === undefined ? undefined : sessions.get(session);
    if (req.method !== 'POST' || target === undefined)
      return reply(res, 404, { error: 'no route' });
    readBody(req)
      .then((body) => predict(target, body))
      .then(
        (outputs) => reply(res, 200, { outputs }),
        (error: unknown) => reply(res, 400, { error: String(error) }),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function predict(session: InferenceSession, body: string): Promise<Record<string, Nested>> {
  const { rows } = JSON.parse(body) as { rows: number[][] };
  const width = rows[0].length;
  const input = new Tensor('float32', Float32Array.from(rows.flat()), [rows.length, width]);
  const results = await session.run({ [session.inputNames[0]]: input });
  const outputs: Record<string, Nested> = {};
  for (const [name, tensor] of Object.entries(results)) {
    const values = Array.from(tensor.data as ArrayLike<number | bigint>, Number);
    outputs[name] = reshape(values, tensor.dims);
  }
  return outputs;
}

function reshape(values: number[], dims: readonly number[], offset = 0): Nested[] {
  const [size, ...rest] = dims;
  if (rest.length === 0) return values.slice(offset, offset + size);
  const stride = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: size }, (_, i) => reshape(values, rest, offset + i * stride));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
