/**
 * Outgoing mail as the core needs it. Two narrow methods carry the confidentiality rules in their
 * types: a new-case notice can only hold the listed facts, and mail to a reporter needs their
 * consent. Microsoft 365 (Graph sendMail) or the local outbox of the demo implement it.
 */

/** One message from the service's shared mailbox. */
export interface OutgoingMail {
  institutionId: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
}

/** What a new-case notice may say: nothing that identifies anyone, and a link into Harbour. */
export interface NewCaseNotice {
  institutionId: string;
  reference: string;
  kind: 'anonymous' | 'named_record' | 'adviser';
  category: string;
  campus?: string;
  /** ISO date by which the first contact is due. */
  dueDate?: string;
  link: string;
}

/** How a reporter may be written to: only when named, with an address, and having consented. */
export interface ReporterContact {
  named: boolean;
  email?: string | null;
  consentedToEmail: boolean;
}

/** A message to a reporter (confirmation, meeting details); the sender adds nothing to it. */
export interface ReporterMail {
  institutionId: string;
  subject: string;
  text: string;
  html?: string;
}

export interface SentMail {
  /** Where the message went (addresses), for the case history. */
  to: string[];
  channel: 'microsoft365' | 'local';
}

export interface MailPort {
  send(message: OutgoingMail): Promise<SentMail>;
  sendNewCaseNotice(to: string[], notice: NewCaseNotice): Promise<SentMail>;
  /** Resolves to null, sending nothing, when the reporter may not be written to. */
  sendToReporter(reporter: ReporterContact, message: ReporterMail): Promise<SentMail | null>;
}
