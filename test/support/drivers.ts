import { TEST_RABBITMQ_URL, TEST_REDIS_URL } from './test-env';

/** Reliability suites run once per broker driver. */
export const DRIVERS = ['bullmq', 'rabbitmq'] as const;
export type DriverName = (typeof DRIVERS)[number];

export function driverEnv(
  driver: DriverName,
  urls: { redis?: string; rabbitmq?: string } = {},
): Record<string, string> {
  return {
    QUEUE_DRIVER: driver,
    REDIS_URL: urls.redis ?? TEST_REDIS_URL,
    RABBITMQ_URL: urls.rabbitmq ?? TEST_RABBITMQ_URL,
  };
}
