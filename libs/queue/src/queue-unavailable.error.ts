import { DomainError } from '@mlserve/contracts';

/** The broker cannot take or answer a request right now; callers fall back to the reconciler. */
export class QueueUnavailableError extends DomainError {
  constructor(message: string) {
    super('DEPENDENCY_UNAVAILABLE', message);
    this.name = 'QueueUnavailableError';
  }
}
