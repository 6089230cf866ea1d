/**
 * Why an office integration (calendar, mail, rooms, directory) refused, in words a case manager can
 * act on. Adapters throw this instead of provider errors, so the core and the workspace can show
 * `message` as it is and decide on `reason` (retry later, ask an administrator, pick another time).
 */
export type OfficeErrorReason =
  | 'not_shared' // the mailbox or calendar is outside what Harbour may use
  | 'not_found' // the person, mailbox, room or meeting does not exist (any more)
  | 'not_allowed' // the request itself is refused (e.g. a meeting title that names someone)
  | 'busy' // the provider is throttling or temporarily down; try again later
  | 'sign_in' // Harbour's own credentials were refused (expired secret or certificate)
  | 'unavailable'; // the provider could not be reached or answered in a way we do not understand

export class OfficeError extends Error {
  constructor(
    readonly reason: OfficeErrorReason,
    message: string,
    /** Provider details for operators (status, error code, request id); never personal data. */
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'OfficeError';
  }

  /** True when the same request may succeed later without anyone changing anything. */
  get retryable(): boolean {
    return this.reason === 'busy' || this.reason === 'unavailable';
  }
}
