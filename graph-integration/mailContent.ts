import type { NewCaseNotice, ReporterContact } from '../core/ports/mail.ts';
import type { MeetingAttendee } from '../core/ports/calendar.ts';
import { OfficeError } from '../core/ports/officeError.ts';

const kindLabels: Record<NewCaseNotice['kind'], string> = {
  anonymous: 'Anonymous report',
  named_record: 'Named report, for the record',
  adviser: 'Asks to speak to an adviser',
};

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** Plain text as simple HTML paragraphs, for clients that show only the HTML part. */
export const textToHtml = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');

/**
 * The new-case mail: reference, kind, category, campus, due date and a link, nothing else, so a
 * mail left open on a screen or forwarded by mistake says nothing about anyone.
 */
export function newCaseMessage(notice: NewCaseNotice): { subject: string; text: string; html: string } {
  if (!/^https?:\/\//.test(notice.link)) throw new Error('A new-case notice needs an absolute link into Harbour');
  const lines = [
    `A new case has been reported: ${notice.reference}.`,
    '',
    `Kind: ${kindLabels[notice.kind]}`,
    `Category: ${notice.category}`,
    ...(notice.campus ? [`Campus: ${notice.campus}`] : []),
    ...(notice.dueDate ? [`First contact due: ${notice.dueDate}`] : []),
    '',
    `Open it in Harbour: ${notice.link}`,
  ];
  const rows = lines.slice(2, lines.length - 2).map((l) => {
    const [k, ...v] = l.split(': ');
    return `<tr><th align="left">${escapeHtml(k ?? '')}</th><td>${escapeHtml(v.join(': '))}</td></tr>`;
  });
  const html = [
    `<p>A new case has been reported: <strong>${escapeHtml(notice.reference)}</strong>.</p>`,
    `<table>${rows.join('')}</table>`,
    `<p><a href="${escapeHtml(notice.link)}">Open it in Harbour</a></p>`,
  ].join('\n');
  return { subject: `New case ${notice.reference}`, text: lines.join('\n'), html };
}

/** The reporter's address when they may be written to (named, gave an address, consented), else null. */
export function reporterAddress(reporter: ReporterContact): string | null {
  const email = reporter.email?.trim();
  if (!reporter.named || !reporter.consentedToEmail || !email || !/^[^\s@]+@[^\s@]+$/.test(email)) return null;
  return email;
}

/** Attendees who may be invited: staff, and reporters who consented. */
export function invitable(attendees: MeetingAttendee[]): MeetingAttendee[] {
  return attendees.filter((a) => a.role === 'staff' || a.consented);
}

/**
 * Refuses a meeting title that names someone: calendars are seen by delegates, assistants and
 * room displays, so the subject must stay neutral ("Support meeting").
 */
export function assertNeutralSubject(subject: string, attendees: MeetingAttendee[]): void {
  const haystack = ` ${subject.toLowerCase()} `;
  const words = attendees.flatMap((a) => [
    a.email.toLowerCase(),
    a.email.split('@')[0]?.toLowerCase() ?? '',
    ...(a.name ? [a.name.toLowerCase(), ...a.name.toLowerCase().split(/\s+/)] : []),
  ]);
  const named = words.some((w) => w.length >= 3 && new RegExp(`[^\\p{L}\\p{N}]${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\p{L}\\p{N}]`, 'u').test(haystack));
  if (named) throw new OfficeError('not_allowed', 'The meeting title must not name anyone: use a neutral title such as “Support meeting”.');
}
