import { createHash } from 'node:crypto';
import { z } from 'zod';

/** A canary split stored on an alias: each version gets `weight / sum(weights)` of the traffic. */
export const trafficSplitSchema = z
  .array(z.object({ version: z.number().int().min(1), weight: z.number().positive() }).strict())
  .min(1)
  .max(10)
  .refine((s) => new Set(s.map((e) => e.version)).size === s.length, {
    message: 'each version may appear once',
  });

export type TrafficSplit = z.infer<typeof trafficSplitSchema>;

/** A stable number in [0, 1) for a routing key, so one caller keeps hitting one version. */
export function unitHash(key: string): number {
  const digest = createHash('sha256').update(key).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/**
 * The version a request goes to: by the routing key's hash when given (sticky), else at random.
 */
export function pickVersion(split: TrafficSplit, routingKey?: string, salt = ''): number {
  const total = split.reduce((sum, entry) => sum + entry.weight, 0);
  const point = routingKey !== undefined ? unitHash(`${salt}:${routingKey}`) : Math.random();
  let reached = 0;
  for (const entry of split) {
    reached += entry.weight / total;
    if (point < reached) return entry.version;
  }
  return split[split.length - 1].version;
}
