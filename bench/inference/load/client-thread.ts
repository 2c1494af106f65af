import { Agent, request } from 'node:http';
import { parentPort } from 'node:worker_threads';
import { type RawRound, type RoundJob } from './protocol';

/** Latencies in a growable Float64Array (a round can hold hundreds of thousands). */
class Samples {
  private values = new Float64Array(1 << 16);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  toArray(): Float64Array<ArrayBuffer> {
    return this.values.slice(0, this.length);
  }
}

interface Answer {
  status: number;
  /** Only read for non-200 answers, to say what went wrong. */
  text: string;
}

function post(agent: Agent, url: URL, headers: Record<string, string>, body: Buffer) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers },
      (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          if (status !== 200) chunks.push(chunk);
        });
        res.on('end', () => resolve({ status, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function runRound(job: RoundJob): Promise<RawRound> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const url = new URL(job.url);
  const body = Buffer.from(job.body);
  const headers = {
    ...job.headers,
    'Content-Type': 'application/json',
    'Content-Length': String(body.length),
  };
  const samples = new Samples();
  let errors = 0;
  let firstError: string | undefined;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(job.durationMs * 1e6));
  const loop = async () => {
    while (process.hrtime.bigint() < deadline) {
      const sent = process.hrtime.bigint();
      try {
        const answer = await post(agent, url, headers, body);
        if (answer.status === 200) {
          samples.push(Number(process.hrtime.bigint() - sent) / 1e6);
          continue;
        }
        firstError ??= `HTTP ${answer.status}: ${answer.text.slice(0, 300)}`;
      } catch (error) {
        firstError ??= String(error);
      }
      errors++;
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, loop));
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  agent.destroy();
  return { latenciesMs: samples.toArray(), errors, firstError, elapsedMs };
}

const port = parentPort;
if (!port) throw new Error('client-thread.ts runs as a worker thread');
port.on('message', (job: RoundJob) => {
  void runRound(job).then((round) => port.postMessage(round, [round.latenciesMs.buffer]));
});
