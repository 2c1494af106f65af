import { describe, expect, it } from '@jest/globals';
import { NotFoundException } from '@nestjs/common';
import { DomainError } from '@mlserve/contracts';
import { toHttpError } from './http-error';

describe('toHttpError', () => {
  it('maps domain errors by code', () => {
    expect(toHttpError(new DomainError('INVALID_STATE', 'done'))).toMatchObject({
      status: 409,
      code: 'INVALID_STATE',
    });
    expect(toHttpError(new DomainError('QUEUE_FULL', 'full')).status).toBe(429);
  });

  it('maps dependency outages, even wrapped, to 503', () => {
    const socket = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const wrapped = new Error('query failed', {
      cause: { kind: 'DatabaseNotReachable', cause: socket },
    });
    expect(toHttpError(wrapped)).toMatchObject({ status: 503, code: 'DEPENDENCY_UNAVAILABLE' });
    const redis = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    expect(toHttpError(redis).status).toBe(503);
    const shuttingDown = new Error(
      'Database error. Code: `57P03`. Message: `the database system is shutting down`',
    );
    expect(toHttpError(shuttingDown).status).toBe(503);
    expect(toHttpError(new Error('Database error. Code: `23505`. duplicate key')).status).toBe(500);
  });

  it('turns anything else into a 500 with a log id', () => {
    const error = toHttpError(new TypeError('x is undefined'));
    expect(error).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(error.logId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).not.toContain('x is undefined');
  });

  it('maps Nest HTTP exceptions and body-parser errors', () => {
    expect(toHttpError(new NotFoundException('Cannot GET /x'))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    const tooLarge = Object.assign(new Error('request entity too large'), {
      type: 'entity.too.large',
      limit: 10,
    });
    expect(toHttpError(tooLarge)).toMatchObject({ status: 413, details: { limitBytes: 10 } });
  });
});
