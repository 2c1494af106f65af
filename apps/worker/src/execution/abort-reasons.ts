/** Why a running job's AbortSignal fired; decides what happens to the job afterwards. */
export type AbortReason = 'cancelled' | 'lease-lost' | 'shutdown' | 'timeout';

export class JobAborted extends Error {
  constructor(readonly reason: AbortReason) {
    super(`job aborted: ${reason}`);
    this.name = 'JobAborted';
  }
}

export function abortReasonOf(signal: AbortSignal): AbortReason | undefined {
  return signal.aborted && signal.reason instanceof JobAborted ? signal.reason.reason : undefined;
}
