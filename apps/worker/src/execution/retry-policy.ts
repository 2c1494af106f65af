const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 5 * 60_000;

/** Exponential backoff before attempt `attempt + 1`: 1 s, 2 s, 4 s, ... up to 5 minutes. */
export function retryDelayMs(attempt: number): number {
  return Math.min(BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1), MAX_DELAY_MS);
}

/**
 * Retries a database write a few times: the final write of a finished job should survive a
 * short PostgreSQL restart rather than leave the job for the reconciler.
 */
export async function persistently<T>(write: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, 5000)));
    }
  }
}
