/**
 * Error codes the platform can answer with. Each maps to one HTTP status in the API's exception
 * filter, so domain code never speaks HTTP. Codes are part of the public API: never rename one.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_STATE: 409,
  CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  QUEUE_FULL: 429,
  INTERNAL: 500,
  UPSTREAM_FAILED: 502,
  DEPENDENCY_UNAVAILABLE: 503,
  NOT_READY: 503,
  UPSTREAM_TIMEOUT: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An expected failure with a stable code, a message that says what to fix, and details. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string): DomainError =>
  new DomainError('NOT_FOUND', `${what} '${id}' does not exist`, { id });

/**
 * A job failure that retrying cannot fix (bad input, unknown model). Runners throw it so the
 * worker fails the job at once instead of spending its remaining attempts.
 */
export class NonRetryableJobError extends Error {
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'NonRetryableJobError';
  }
}
