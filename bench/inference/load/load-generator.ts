import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { isRawRound, type RawRound, type RoundJob } from './protocol';

/**
 * Runs closed-loop rounds from a worker thread, so the client has an event loop of its own and
 * never queues behind the server it measures (they still share the machine's cores).
 */
export class LoadGenerator {
  private readonly worker = new Worker(path.join(__dirname, 'client-thread.ts'));

  run(job: RoundJob): Promise<RawRound> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: unknown) => {
        this.worker.off('error', onError);
        if (isRawRound(message)) resolve(message);
        else reject(new Error('the client thread sent something that is not a round'));
      };
      const onError = (error: Error) => {
        this.worker.off('message', onMessage);
        reject(error);
      };
      this.worker.once('message', onMessage);
      this.worker.once('error', onError);
      this.worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
