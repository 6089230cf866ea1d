import type { Core } from '../core.ts';
import type { MailPort, SentMail } from '../ports/mail.ts';
import { loadInstitution } from '../institutions.ts';
import { listStaff } from '../staff.ts';

/** One entry of the signposting document: an internal or external service. */
export interface SupportService {
  id: string;
  name: string;
  description: string;
  audience: string[];
  categories: string[];
  internal: boolean;
  phone: string | null;
  email: string | null;
  url: string | null;
  hours: string | null;
  campusKey: string | null;
  /** YYYY-MM-DD */
  lastReviewedAt: string;
  reviewedBy: string;
  /** Not reviewed within the institution's review interval. */
  reviewDue: boolean;
}

type Row = {
  id: string; name: string; description: string; audience: string[]; categories: string[]; internal: boolean; phone: string | null; email: string | null;
  url: string | null; hours: string | null; campus_key: string | null; last_reviewed_at: string; reviewed_by: string; review_due: boolean;
};

/** Who a service is for, from how the reporter is connected to the institution. */
export function audienceFor(connection: string | undefined): 'students' | 'staff' | null {
  return connection === 'student' ? 'students' : connection === 'staff' ? 'staff' : null;
}

/**
 * The living support directory, in the administrator's order: everything, or only what serves an
 * audience. `reviewDue` marks entries not reviewed for the institution's interval (six months by
 * default, `settings.directoryReviewMonths`).
 */
export async function listSupportServices(core: Core, institutionId: string, filter: { audience?: 'students' | 'staff' | null } = {}): Promise<SupportService[]> {
  return core.db.forInstitution(institutionId, async (tx) => {
    const months = (await loadInstitution(tx, institutionId)).settings.directoryReviewMonths;
    const rows = (
      await tx.query<Row>(
        `SELECT id, name, description, audience, categories, internal, phone, email, url, hours, campus_key, last_reviewed_at::text AS last_reviewed_at, reviewed_by,
                last_reviewed_at < ($2::timestamptz - make_interval(months => $3))::date AS review_due
         FROM support_services WHERE ($1::text IS NULL OR $1 = ANY(audience)) ORDER BY sort, name`,
        [filter.audience ?? null, core.now(), months],
      )
    ).rows;
    return rows.map((r) => ({
      id: r.id, name: r.name, description: r.description, audience: r.audience, categories: r.categories, internal: r.internal, phone: r.phone, email: r.email,
      url: r.url, hours: r.hours, campusKey: r.campus_key, lastReviewedAt: r.last_reviewed_at, reviewedBy: r.reviewed_by, reviewDue: r.review_due,
    }));
  });
}

/**
 * Services to suggest after a report, from the whole directory: those that name one of the chosen
 * categories first, then the general ones (no categories), each only for the reporter's audience.
 */
export function matchSupport(all: SupportService[], input: { connection?: string; categories: string[] }): SupportService[] {
  const audience = audienceFor(input.connection);
  const forThem = all.filter((s) => !audience || s.audience.includes(audience));
  const specific = forThem.filter((s) => s.categories.some((c) => input.categories.includes(c)));
  const general = forThem.filter((s) => s.categories.length === 0);
  return [...specific, ...general];
}

/** The same, reading the directory. */
export async function supportSuggestions(core: Core, institutionId: string, input: { connection?: string; categories: string[] }): Promise<SupportService[]> {
  return matchSupport(await listSupportServices(core, institutionId), input);
}

/** Entries whose last review is older than the institution's interval: what the administrator must check. */
export async function directoryReviewsDue(core: Core, institutionId: string): Promise<SupportService[]> {
  return (await listSupportServices(core, institutionId)).filter((s) => s.reviewDue);
}

/**
 * The reminder the lead schedules (say weekly): one mail to the institution's administrators
 * listing the entries due for review, with a link to the directory settings. Service names and
 * dates only. Sends nothing, and returns null, when nothing is due or there is no administrator.
 */
export async function remindDirectoryReviews(core: Core, mail: MailPort, institutionId: string, settingsLink: string): Promise<{ due: number; sent: SentMail } | null> {
  const due = await directoryReviewsDue(core, institutionId);
  if (!due.length) return null;
  const { admins, months } = await core.db.forInstitution(institutionId, async (tx) => ({
    admins: (await listStaff(tx, { role: 'admin' })).map((s) => s.email),
    months: (await loadInstitution(tx, institutionId)).settings.directoryReviewMonths,
  }));
  if (!admins.length) return null;
  const lines = due.map((s) => `- ${s.name}: last reviewed ${s.lastReviewedAt}${s.reviewedBy ? ` by ${s.reviewedBy}` : ''}`);
  const sent = await mail.send({
    institutionId,
    to: admins,
    subject: `Support directory: ${due.length} ${due.length === 1 ? 'entry needs' : 'entries need'} review`,
    text: [
      `These support directory entries have not been reviewed for ${months} months or more. Please check that each one is still right (contact details, opening hours, who it serves) and mark it reviewed:`,
      '',
      ...lines,
      '',
      settingsLink,
    ].join('\n'),
  });
  return { due: due.length, sent };
}
