import type { Core } from '../core.ts';
import type { MailPort } from '../ports/mail.ts';
import type { Listener } from '../events/dispatcher.ts';
import { EVENTS } from '../events/names.ts';
import { listStaff } from '../staff.ts';
import { listOptions } from '../options.ts';
import { loadCaseKey } from '../caseKeys.ts';
import { open } from '../crypto/keyring.ts';

type Recorded = { report: { kind: string; reporter?: { email?: string; contactByEmail?: boolean } } };

/** The named reporter's contact as the mail port needs it (decrypted by the system, never logged). */
async function reporterContact(core: Core, institutionId: string, caseId: string) {
  return core.db.forInstitution(institutionId, async (tx) => {
    const key = await loadCaseKey(tx, core.keyring, caseId);
    const row = (await tx.query<{ content: Uint8Array }>('SELECT content FROM reports WHERE case_id = $1', [caseId])).rows[0];
    if (!key || !row) return { named: false, email: null, consentedToEmail: false };
    const r = (JSON.parse(open(key, row.content, `${caseId}:report`).toString('utf8')) as Recorded).report;
    return { named: r.kind !== 'anonymous', email: r.reporter?.email ?? null, consentedToEmail: Boolean(r.reporter?.contactByEmail) };
  });
}

/**
 * Mail that follows events: case managers are told of a new case (reference, kind, category,
 * campus, due date and a link: nothing identifying); a named reporter who agreed to email gets a
 * confirmation, and a notice when a message waits on the follow-up page (never its content).
 */
export function mailListeners(core: Core, mail: MailPort, publicUrl: string): Listener[] {
  return [
    {
      name: 'mail.new-case-notice',
      topic: EVENTS.caseOpened,
      async handle(e) {
        const p = e.payload as { caseId: string; reference: string; kind: 'anonymous' | 'named_record' | 'adviser'; categories: string[]; campus: string | null; firstContactDue: string };
        const { to, labels } = await core.db.forInstitution(e.institutionId, async (tx) => {
          const staff = (await listStaff(tx)).filter((s) => s.roles.includes('case_manager') || s.roles.includes('lead'));
          return { to: staff.map((s) => s.email), labels: new Map((await listOptions(tx)).map((o) => [`${o.kind}:${o.key}`, o.label])) };
        });
        if (!to.length) return;
        await mail.sendNewCaseNotice(to, {
          institutionId: e.institutionId,
          reference: p.reference,
          kind: p.kind,
          category: p.categories.map((c) => labels.get(`category:${c}`) ?? c).join(', '),
          campus: p.campus ? labels.get(`campus:${p.campus}`) ?? p.campus : undefined,
          dueDate: p.firstContactDue,
          link: `${publicUrl}/tab/cases/${p.caseId}`,
        });
      },
    },
    {
      name: 'mail.reporter-confirmation',
      topic: EVENTS.caseOpened,
      async handle(e) {
        const p = e.payload as { caseId: string; reference: string };
        await mail.sendToReporter(await reporterContact(core, e.institutionId, p.caseId), {
          institutionId: e.institutionId,
          subject: `We have received your report ${p.reference}`,
          text: `Thank you. Your report ${p.reference} has been received and recorded. A member of the team will be in touch as you asked. You can see its progress at ${publicUrl}/follow-up with your reference and follow-up code.`,
        });
      },
    },
    {
      name: 'mail.evidence-quarantined',
      topic: EVENTS.evidenceInfected,
      async handle(e) {
        const p = e.payload as { caseId: string; reference: string; assigneeId: string | null };
        const to = await core.db.forInstitution(e.institutionId, async (tx) => {
          const staff = await listStaff(tx);
          const holder = staff.find((s) => s.id === p.assigneeId);
          return holder ? [holder.email] : staff.filter((s) => s.roles.includes('lead')).map((s) => s.email);
        });
        if (!to.length) return;
        await mail.send({
          institutionId: e.institutionId,
          to,
          subject: `A file on case ${p.reference} was quarantined`,
          text: `The malware scanner found a threat in a file added to case ${p.reference}. The file is quarantined and cannot be downloaded; the case record notes it. Open the case: ${publicUrl}/tab/cases/${p.caseId}`,
        });
      },
    },
    {
      name: 'mail.reporter-message-waiting',
      topic: EVENTS.messageToReporter,
      async handle(e) {
        const p = e.payload as { caseId: string; reference: string };
        await mail.sendToReporter(await reporterContact(core, e.institutionId, p.caseId), {
          institutionId: e.institutionId,
          subject: `A message about your report ${p.reference}`,
          text: `There is a new message about your report ${p.reference}. Read it at ${publicUrl}/follow-up with your reference and follow-up code.`,
        });
      },
    },
  ];
}
