import { Agent, request } from 'node:http';

export interface SubmitAnswer {
  status: number;
  body: string;
}

/**
 * A small keep-alive JSON client (node:http), one socket per closed loop: cheaper per request
 * than fetch, and it shares the process with the API it measures.
 */
export class JsonPoster {
  private readonly agent: Agent;

  constructor(
    private readonly url: URL,
    private readonly headers: Record<string, string>,
    sockets: number,
  ) {
    // FIFO keeps every socket in use, and idle ones are closed before the server's 5 s
    // keep-alive timeout could close one just as a request goes out on it (ECONNRESET)
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: sockets,
      scheduling: 'fifo',
      timeout: 4000,
    });
  }

  post(body: string): Promise<SubmitAnswer> {
    return new Promise((resolve, reject) => {
      const req = request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            ...this.headers,
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
