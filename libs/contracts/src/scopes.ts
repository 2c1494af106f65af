export const API_SCOPES = ['read', 'write', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** admin implies write and read; write implies read. */
export function scopeSatisfies(granted: readonly ApiScope[], required: ApiScope): boolean {
  if (granted.includes('admin')) return true;
  if (required === 'read') return granted.includes('read') || granted.includes('write');
  return granted.includes(required);
}
