export * from './job-queue.port';
export * from './queue.module';
export * from './create-job-queue';
export * from './drivers/bullmq.driver';
export * from './drivers/rabbitmq.driver';
export * from './queue-unavailable.error';
