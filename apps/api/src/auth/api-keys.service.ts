import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, TtlCache, type AppConfig } from '@mlserve/config';
import { API_SCOPES, DomainError, notFound, type ApiScope } from '@mlserve/contracts';
import { ApiKeyRepository, type ApiKey } from '@mlserve/db';
import { generateApiKey, hashApiKey, keyPrefix, safeEqual } from './api-key.secret';
import type { Principal } from './principal';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const TOUCH_INTERVAL_MS = 60_000;
const isScope = (value: string): value is ApiScope =>
  (API_SCOPES as readonly string[]).includes(value);

export function toApiKeyView(row: ApiKey): ApiKeyView {
  const { id, name, prefix, createdAt, lastUsedAt, revokedAt } = row;
  return { id, name, prefix, scopes: row.scopes.filter(isScope), createdAt, lastUsedAt, revokedAt };
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly repository: ApiKeyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.verified = new TtlCache(config.api.lookupCacheMs);
  }

  /** Keys verified recently, by secret: saves a query and a hash on every request. */
  private readonly verified: TtlCache<Principal>;

  async create(name: string, scopes: ApiScope[]): Promise<ApiKeyView & { key: string }> {
    const generated = generateApiKey();
    const row = await this.repository.create({
      name,
      scopes,
      prefix: generated.prefix,
      hash: generated.hash,
    });
    return { ...toApiKeyView(row), key: generated.key };
  }

  async list(): Promise<ApiKeyView[]> {
    return (await this.repository.list()).map(toApiKeyView);
  }

  async revoke(id: string): Promise<ApiKeyView> {
    const row = await this.repository.findById(id);
    if (!row) throw notFound('API key', id);
    this.verified.clear(); // this replica stops accepting it at once; others within LOOKUP_CACHE_MS
    if (row.revokedAt) return toApiKeyView(row);
    return toApiKeyView(await this.repository.revoke(id, new Date()));
  }

  async authenticate(key: string): Promise<Principal> {
    if (safeEqual(key, this.config.api.adminApiKey)) {
      return { keyId: null, name: 'bootstrap-admin', scopes: ['admin'] };
    }
    const cached = this.verified.get(key);
    if (cached) return cached;
    const prefix = keyPrefix(key);
    const row = prefix ? await this.repository.findByPrefix(prefix) : null;
    if (!row || row.revokedAt || !safeEqual(row.hash, hashApiKey(key))) {
      throw new DomainError('UNAUTHENTICATED', 'the API key is unknown or revoked');
    }
    const now = new Date();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.repository.touch(row.id, now);
    }
    const principal: Principal = {
      keyId: row.id,
      name: row.name,
      scopes: row.scopes.filter(isScope),
    };
    this.verified.set(key, principal);
    return principal;
  }
}
