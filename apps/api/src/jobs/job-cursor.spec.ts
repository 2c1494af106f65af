import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@mlserve/contracts';
import { decodeJobCursor, encodeJobCursor } from './job-cursor';

describe('job cursor', () => {
  it('round-trips the position', () => {
    const cursor = {
      createdAt: new Date('2026-11-21T10:00:00.123Z'),
      id: '01a1fe2e-4d3a-709f-8e97-4bdcfaad3876',
    };
    expect(decodeJobCursor(encodeJobCursor(cursor))).toEqual(cursor);
  });

  it.each(['', 'abc', Buffer.from('{"t":"yesterday","id":"x"}').toString('base64url')])(
    'rejects %j as a validation error',
    (raw) => {
      expect(() => decodeJobCursor(raw)).toThrow(DomainError);
    },
  );
});
