import { z } from 'zod';
import { DomainError } from '@mlserve/contracts';
import type { JobCursor } from '@mlserve/db';

const cursorSchema = z.object({ t: z.iso.datetime(), id: z.uuid() });

/** Opaque page cursor: the (createdAt, id) of the last job on the previous page. */
export function encodeJobCursor(cursor: JobCursor): string {
  const json = JSON.stringify({ t: cursor.createdAt.toISOString(), id: cursor.id });
  return Buffer.from(json).toString('base64url');
}

export function decodeJobCursor(raw: string): JobCursor {
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return { createdAt: new Date(parsed.t), id: parsed.id };
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'cursor: not a cursor returned by this API', {
      problems: [{ field: 'cursor', message: 'invalid cursor' }],
    });
  }
}
