import type { ApiScope } from '@mlserve/contracts';

/** Who is calling: an API key row, or the bootstrap admin key from the environment. */
export interface Principal {
  keyId: string | null;
  name: string;
  scopes: ApiScope[];
}

/** The owner recorded on what a principal creates (jobs, idempotency keys). */
export const ownerOf = (principal: Principal): string => principal.keyId ?? 'bootstrap-admin';

declare module 'express' {
  interface Request {
    principal?: Principal;
  }
}
