import type { Core } from '../core.ts';
import type { Listener } from '../events/dispatcher.ts';
import type { MailPort } from '../ports/mail.ts';
import { EVENTS } from '../events/names.ts';
import { listStaff } from '../staff.ts';

/**
 * Tells the administrators and the data protection officer by mail that an unusual-access alert
 * is waiting. The mail names nobody and no case: it says how many cases and links to the review.
 */
export function unusualAccessMailListener(deps: { core: Core; mail: MailPort; publicUrl: string }): Listener {
  return {
    name: 'insight.unusual-access-mail',
    topic: EVENTS.unusualAccess,
    async handle(event) {
      const to = await deps.core.db.forInstitution(event.institutionId, async (tx) =>
        (await listStaff(tx)).filter((s) => s.roles.includes('admin') || s.roles.includes('auditor')).map((s) => s.email),
      );
      if (!to.length) return;
      const link = `${deps.publicUrl.replace(/\/$/, '')}/tab/access-review#alert-${String(event.payload.alertId)}`;
      await deps.mail.send({
        institutionId: event.institutionId,
        to,
        subject: 'Harbour: unusual access to case records to review',
        text: [
          `Harbour noticed a staff member opening ${String(event.payload.caseCount)} cases held by colleagues within ${String(event.payload.windowHours)} hours.`,
          'This may be legitimate (covering for a colleague, for example), but it should be checked.',
          `Review it here: ${link}`,
        ].join('\n\n'),
      });
    },
  };
}
