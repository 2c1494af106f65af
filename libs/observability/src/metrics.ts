import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every metric mlserve exports, defined once. Names and labels are the contract the Grafana
 * dashboards and alert rules read: change them together. Labels never carry unbounded values.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'mlserve_' });

const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const jobBuckets = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

export const httpRequests = new Counter({
  name: 'mlserve_http_requests_total',
  help: 'HTTP requests by method, route template and status code',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpRequestDuration = new Histogram({
  name: 'mlserve_http_request_duration_seconds',
  help: 'HTTP request duration by method, route template and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: latencyBuckets,
  registers: [registry],
});

export const jobsSubmitted = new Counter({
  name: 'mlserve_jobs_submitted_total',
  help: 'Jobs accepted by the API, by type and queue',
  labelNames: ['type', 'queue'] as const,
  registers: [registry],
});

export const jobsFinished = new Counter({
  name: 'mlserve_jobs_finished_total',
  help: 'Jobs that reached a final state, by type, queue and status',
  labelNames: ['type', 'queue', 'status'] as const,
  registers: [registry],
});

export const jobWaitSeconds = new Histogram({
  name: 'mlserve_job_wait_seconds',
  help: 'Time from submit to the start of the run that finished the job',
  labelNames: ['type', 'queue'] as const,
  buckets: jobBuckets,
  registers: [registry],
});

export const jobRunSeconds = new Histogram({
  name: 'mlserve_job_run_seconds',
  help: 'Run time of a job attempt, by type, queue and final status',
  labelNames: ['type', 'queue', 'status'] as const,
  buckets: jobBuckets,
  registers: [registry],
});

export const queueDepth = new Gauge({
  name: 'mlserve_queue_depth',
  help: 'Jobs in a queue by state (waiting, active, delayed), read from the broker at scrape time',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
});

export const workerSlots = new Gauge({
  name: 'mlserve_worker_slots',
  help: 'Worker job slots by state (busy, idle)',
  labelNames: ['state'] as const,
  registers: [registry],
});

const modelLabels = ['model', 'version'] as const;

export const inferenceRequests = new Counter({
  name: 'mlserve_inference_requests_total',
  help: 'Inference requests by model, version, protocol (predict, oip, job) and outcome',
  labelNames: [...modelLabels, 'protocol', 'outcome'] as const,
  registers: [registry],
});

export const inferenceQueueSeconds = new Histogram({
  name: 'mlserve_inference_queue_seconds',
  help: 'Time a request waited in the dynamic batcher before its batch ran',
  labelNames: modelLabels,
  buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  registers: [registry],
});

export const inferenceComputeSeconds = new Histogram({
  name: 'mlserve_inference_compute_seconds',
  help: 'Runtime compute time of the batch a request ran in (onnxruntime or the remote server)',
  labelNames: modelLabels,
  buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
  registers: [registry],
});

export const inferenceBatchSize = new Histogram({
  name: 'mlserve_inference_batch_size',
  help: 'Rows in each runtime call (1 = no merging)',
  labelNames: modelLabels,
  buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
  registers: [registry],
});
