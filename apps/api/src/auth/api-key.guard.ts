import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError, scopeSatisfies, type ApiScope } from '@mlserve/contracts';
import { IS_PUBLIC, REQUIRED_SCOPE } from './auth.decorators';
import { ApiKeysService } from './api-keys.service';
import { RateLimiter } from './rate-limiter';

function presentedKey(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const apiKey = req.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

/** Global guard: every route needs a key with the route's scope unless marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ApiKeysService) private readonly keys: ApiKeysService,
    @Inject(RateLimiter) private readonly rateLimiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const required = this.reflector.getAllAndOverride<ApiScope>(REQUIRED_SCOPE, targets) ?? 'admin';
    const req = context.switchToHttp().getRequest<Request>();
    const key = presentedKey(req);
    if (!key) {
      throw new DomainError(
        'UNAUTHENTICATED',
        'an API key is required: send "Authorization: Bearer <key>" or "X-API-Key: <key>"',
      );
    }
    const principal = await this.keys.authenticate(key);
    if (!scopeSatisfies(principal.scopes, required)) {
      throw new DomainError('FORBIDDEN', `this route needs the '${required}' scope`, {
        required,
        granted: principal.scopes,
      });
    }
    await this.rateLimiter.consume(principal);
    req.principal = principal;
    return true;
  }
}
