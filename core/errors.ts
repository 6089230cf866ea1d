/** A refusal the person can understand and act on; transports map the code to a status. */
export class DomainError extends Error {
  constructor(
    readonly code: 'not_found' | 'forbidden' | 'conflict' | 'invalid' | 'locked',
    message: string,
    readonly details?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what = 'That case') => new DomainError('not_found', `${what} does not exist or you may not see it.`);
export const forbidden = (why: string) => new DomainError('forbidden', why);
