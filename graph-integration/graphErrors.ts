import { OfficeError } from '../core/ports/officeError.ts';

/** What a Graph call was for, so its failure can be explained in the case manager's terms. */
export interface CallContext {
  area: 'calendar' | 'mail' | 'rooms' | 'directory';
  /** The mailbox concerned (shown to the case manager, never logged). */
  mailbox?: string;
}

/** Graph's error body: { error: { code, message, innerError: { request-id, date } } }. */
export interface GraphErrorBody {
  error?: { code?: string; message?: string; innerError?: { 'request-id'?: string; date?: string } };
}

const accessDenied = /^(ErrorAccessDenied|Authorization_RequestDenied|AccessDenied|ErrorNoFreeBusyAccess|ErrorItemNotFoundOrAccessDenied)$/i;
const noSuchMailbox = /^(ErrorInvalidUser|MailboxNotEnabledForRESTAPI|MailboxNotFound|ResourceNotFound|Request_ResourceNotFound|ErrorMailRecipientNotFound|ErrorNonExistentMailbox)$/i;

/**
 * Turns a Graph failure into an OfficeError whose message a case manager can act on
 * ("this calendar is not shared with Harbour") instead of a provider code or a stack trace.
 */
export function explainGraphError(status: number, body: GraphErrorBody | undefined, ctx: CallContext, requestId?: string): OfficeError {
  const code = body?.error?.code ?? '';
  const details = { status, code: code || 'none', requestId: requestId ?? body?.error?.innerError?.['request-id'] ?? 'none' };
  const who = ctx.mailbox ?? 'this mailbox';
  if (status === 401) {
    return new OfficeError('sign_in', 'Microsoft 365 did not accept Harbour’s sign-in. Ask your administrator to check the app registration and its credential.', details);
  }
  if (status === 403 || accessDenied.test(code)) return new OfficeError('not_shared', notShared(ctx, who), details);
  if (status === 404 && code === 'ErrorItemNotFound' && ctx.area === 'calendar') {
    return new OfficeError('not_found', 'This meeting is no longer in the calendar (it may have been deleted in Outlook).', details);
  }
  if (status === 404 || noSuchMailbox.test(code)) {
    return new OfficeError('not_found', `${who} was not found in Microsoft 365, or has no mailbox. Check the address in Harbour’s staff list.`, details);
  }
  if (status === 429 || status === 503 || status === 504) {
    return new OfficeError('busy', 'Microsoft 365 is busy right now. Please try again in a few minutes.', details);
  }
  if (status >= 500) return new OfficeError('unavailable', 'Microsoft 365 had a problem answering. Please try again in a few minutes.', details);
  return new OfficeError(
    'not_allowed',
    `Microsoft 365 refused this request (${code || `HTTP ${status}`}). If it happens again, tell your administrator and quote reference ${details.requestId}.`,
    details,
  );
}

function notShared(ctx: CallContext, who: string): string {
  switch (ctx.area) {
    case 'calendar':
      return `The calendar of ${who} is not shared with Harbour. Ask your Microsoft 365 administrator to add this mailbox to Harbour’s case-manager mailboxes.`;
    case 'mail':
      return `Harbour is not allowed to send mail from ${who}. Ask your Microsoft 365 administrator to let Harbour send from this shared mailbox.`;
    case 'rooms':
      return 'Harbour may not read the university’s rooms. Ask your Microsoft 365 administrator to grant it Place.Read.All.';
    case 'directory':
      return 'Harbour may not search the staff directory. Ask your Microsoft 365 administrator to grant it User.Read.All and GroupMember.Read.All.';
  }
}

/** A path fit for logs: mailbox addresses, ids and query strings replaced by placeholders. */
export function pathForLog(path: string): string {
  const bare = path.replace(/^https:\/\/[^/]+\/v1\.0/, '').split('?')[0] ?? '';
  return bare
    .replace(/\/(users|places|groups|events)\/[^/]+/gi, (_m, seg: string) => `/${seg}/{id}`)
    .replace(/[^/]*@[^/]*/g, '{address}');
}
