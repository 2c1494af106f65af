import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@mlserve/config';
import { DomainError } from '@mlserve/contracts';
import type { Principal } from './principal';

const WINDOW_SECONDS = 60;

/**
 * RATE_LIMIT_PER_MINUTE per API key, as a fixed one-minute window counted in Redis, so every API
 * replica shares it. The bootstrap admin key is not limited. When Redis is unreachable the limit
 * is not enforced (fail open): an outage of the counter must not take inference down with it.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly redis: Redis | null;
  private warned = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.redis =
      config.api.rateLimitPerMinute > 0
        ? new Redis(config.redis.url, {
            enableOfflineQueue: false,
            maxRetriesPerRequest: 1,
            connectTimeout: 1000,
            lazyConnect: false,
          })
        : null;
    this.redis?.on('error', () => undefined);
  }

  get enabled(): boolean {
    return this.redis !== null;
  }

  async ping(): Promise<void> {
    await this.redis?.ping();
  }

  async consume(principal: Principal): Promise<void> {
    const limit = this.config.api.rateLimitPerMinute;
    if (!this.redis || principal.keyId === null) return;
    const window = Math.floor(Date.now() / 1000 / WINDOW_SECONDS);
    const key = `${this.config.queue.prefix}:ratelimit:${principal.keyId}:${window}`;
    let count: number;
    try {
      const results = await this.redis
        .multi()
        .incr(key)
        .expire(key, WINDOW_SECONDS * 2)
        .exec();
      count = Number(results?.[0]?.[1] ?? 0);
      this.warned = false;
    } catch (error) {
      if (!this.warned)
        this.logger.warn(`rate limits not enforced, Redis unreachable: ${String(error)}`);
      this.warned = true;
      return;
    }
    if (count > limit) {
      const retryAfterSeconds = (window + 1) * WINDOW_SECONDS - Math.floor(Date.now() / 1000);
      throw new DomainError(
        'RATE_LIMITED',
        `this API key made more than ${limit} requests this minute (RATE_LIMIT_PER_MINUTE); retry in ${retryAfterSeconds} s`,
        { limit, retryAfterSeconds },
      );
    }
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
