import type { HostTensor } from '../tensors';
import { concatInputs, requestLayout, splitOutputs } from './tensor-batch';
import {
  BatcherClosedError,
  type BatchedResult,
  type BatcherOptions,
  type BatchRunner,
} from './types';

interface Pending {
  inputs: Record<string, HostTensor>;
  rows: number;
  key: string | undefined;
  queuedAt: number;
  resolve: (result: BatchedResult) => void;
  reject: (reason: unknown) => void;
}

/**
 * Merges concurrent requests to one model into batched runs. Requests with the same input names,
 * datatypes and trailing dims are concatenated along dim 0, up to `maxBatchSize` rows; a batch
 * starts once full, or `maxDelayMs` after its oldest request was queued. One run is in flight at
 * a time, and the next batch keeps filling meanwhile. Outputs are split back by row offsets. If a
 * merged run returns an output without a batch dim, those requests are rerun one by one and that
 * kind of request is never merged again. A failing run rejects every caller in its batch.
 */
export class DynamicBatcher {
  private readonly maxBatchSize: number;
  private readonly maxDelayMs: number;
  private readonly run: BatchRunner;
  private queue: Pending[] = [];
  private readonly neverMerge = new Set<string>();
  private running = false;
  private closed = false;
  private pumpQueued = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: BatcherOptions) {
    const { maxBatchSize, maxDelayMs } = options;
    if (!Number.isSafeInteger(maxBatchSize) || maxBatchSize < 1) {
      throw new RangeError(`maxBatchSize must be a positive integer, got ${maxBatchSize}`);
    }
    if (!Number.isFinite(maxDelayMs) || maxDelayMs < 0) {
      throw new RangeError(`maxDelayMs must be a finite number ≥ 0, got ${maxDelayMs}`);
    }
    this.maxBatchSize = maxBatchSize;
    this.maxDelayMs = maxDelayMs;
    this.run = options.run;
  }

  /** Queues `inputs` (each with its batch as dim 0) and resolves with this request's rows. */
  submit(inputs: Record<string, HostTensor>): Promise<BatchedResult> {
    if (this.closed) return Promise.reject(new BatcherClosedError());
    return new Promise<BatchedResult>((resolve, reject) => {
      const { rows, key } = requestLayout(inputs); // a throw here rejects the promise
      this.queue.push({ inputs, rows, key, queuedAt: performance.now(), resolve, reject });
      // Deferred to a microtask so that requests submitted in the same tick share a batch.
      if (!this.pumpQueued) {
        this.pumpQueued = true;
        queueMicrotask(() => {
          this.pumpQueued = false;
          this.pump();
        });
      }
    });
  }

  /** Refuses new requests and rejects queued ones with BatcherClosedError; a run in flight ends normally. */
  close(): void {
    this.closed = true;
    this.clearTimer();
    const queued = this.queue;
    this.queue = [];
    for (const request of queued) request.reject(new BatcherClosedError());
  }

  private pump(): void {
    if (this.running || this.closed || this.queue.length === 0) return;
    const batch = this.nextBatch(performance.now());
    if (batch === undefined) {
      this.armTimer();
      return;
    }
    this.clearTimer();
    this.running = true;
    void this.execute(batch).finally(() => {
      this.running = false;
      this.pump();
    });
  }

  /** The oldest ready batch (taken off the queue), or undefined if none is ready yet. */
  private nextBatch(now: number): Pending[] | undefined {
    const queuedRows = new Map<string, number>();
    for (const { key, rows } of this.queue) {
      if (key !== undefined) queuedRows.set(key, (queuedRows.get(key) ?? 0) + rows);
    }
    const seen = new Set<string>();
    for (const request of this.queue) {
      const { key } = request;
      if (key === undefined || this.neverMerge.has(key) || request.rows >= this.maxBatchSize) {
        return this.take([request]);
      }
      if (seen.has(key)) continue;
      seen.add(key);
      const due = now - request.queuedAt >= this.maxDelayMs;
      if (due || (queuedRows.get(key) ?? 0) >= this.maxBatchSize) return this.take(this.fill(key));
    }
    return undefined;
  }

  /** Requests with `key`, oldest first, skipping any that would overflow maxBatchSize. */
  private fill(key: string): Pending[] {
    const batch: Pending[] = [];
    let rows = 0;
    for (const request of this.queue) {
      if (request.key !== key || rows + request.rows > this.maxBatchSize) continue;
      batch.push(request);
      rows += request.rows;
    }
    return batch;
  }

  private take(batch: Pending[]): Pending[] {
    const taken = new Set(batch);
    this.queue = this.queue.filter((request) => !taken.has(request));
    return batch;
  }

  /** Runs a batch and settles its callers; never rejects. */
  private async execute(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return this.runAlone(batch[0]);
    const started = performance.now();
    try {
      const outputs = await this.run(concatInputs(batch.map((request) => request.inputs)));
      const computeSeconds = (performance.now() - started) / 1000;
      const parts = splitOutputs(
        outputs,
        batch.map((request) => request.rows),
      );
      if (parts === undefined) {
        // Some output has no batch dim, so rows cannot be told apart: rerun unmerged from now on.
        const { key } = batch[0];
        if (key !== undefined) this.neverMerge.add(key);
        for (const request of batch) await this.runAlone(request);
        return;
      }
      const batchSize = batch.reduce((sum, request) => sum + request.rows, 0);
      batch.forEach((request, i) => {
        const queueSeconds = (started - request.queuedAt) / 1000;
        request.resolve({ outputs: parts[i], queueSeconds, computeSeconds, batchSize });
      });
    } catch (error) {
      for (const request of batch) request.reject(error);
    }
  }

  private async runAlone(request: Pending): Promise<void> {
    const started = performance.now();
    try {
      const outputs = await this.run(request.inputs);
      request.resolve({
        outputs,
        queueSeconds: (started - request.queuedAt) / 1000,
        computeSeconds: (performance.now() - started) / 1000,
        batchSize: request.rows,
      });
    } catch (error) {
      request.reject(error);
    }
  }

  private armTimer(): void {
    this.clearTimer();
    const wait = this.queue[0].queuedAt + this.maxDelayMs - performance.now();
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.pump();
      },
      Math.max(0, Math.ceil(wait)),
    );
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
