import { z } from 'zod';

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const optionalText = (max: number) => text(max).optional().transform((v) => (v ? v : undefined));
const key = z.string().regex(/^[a-z0-9_-]{1,64}$/, 'is not a known option');

/** One alleged perpetrator: everything optional but the relation. */
export const perpetratorSchema = z.object({
  relation: z.enum(['student', 'staff', 'external', 'unknown']),
  name: optionalText(200),
  identifier: optionalText(100),
  description: optionalText(2000),
});

export const witnessSchema = z.object({
  name: optionalText(200),
  contact: optionalText(300),
  description: optionalText(2000),
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)');

/**
 * A report as a reporter submits it, from the web form or Moodle. This is validated once here,
 * whatever the transport, and stored exactly as accepted.
 */
export const reportInputSchema = z
  .object({
    kind: z.enum(['anonymous', 'named_record', 'adviser']),
    capacity: z.enum(['self', 'witness', 'on_behalf']),
    connection: z.enum(['student', 'staff', 'visitor', 'other']),
    channel: z.enum(['web', 'lti']).default('web'),
    narrative: text(20000).min(1, 'tell us what happened (a few words are enough)'),
    categories: z.array(key).min(1, 'choose at least one kind of incident').max(20),
    characteristics: z.array(key).max(20).default([]),
    when: z.object({ date: isoDate.optional(), approximate: optionalText(200) }).prefault({}),
    where: z.object({ campus: key.optional(), building: key.optional(), online: optionalText(200), offCampus: optionalText(300) }).prefault({}),
    ongoing: z.enum(['yes', 'no', 'unsure']).default('unsure'),
    perpetrators: z.array(perpetratorSchema).max(20, 'at most 20 people').default([]),
    witnesses: z.array(witnessSchema).max(20, 'at most 20 witnesses').default([]),
    wants: z.array(z.enum(['support', 'information', 'formal_action', 'police_advice'])).default([]),
    consent: z.object({ share: z.boolean().default(false), with: z.array(key).max(20).default([]) }).prefault({}),
    reporter: z
      .object({
        name: text(200).min(1, 'give your name, or choose an anonymous report'),
        email: z.email('must be an email address').max(254).optional(),
        phone: optionalText(40),
        safeTimes: optionalText(300),
        contactByEmail: z.boolean().default(false),
      })
      .optional(),
    onBehalfOf: z.object({ name: optionalText(200), connection: z.enum(['student', 'staff', 'visitor', 'other']).optional() }).optional(),
    equality: z.record(key, text(100)).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.kind !== 'anonymous' && !r.reporter)
      ctx.addIssue({ code: 'custom', path: ['reporter', 'name'], message: 'give your name, or choose an anonymous report' });
    if (r.kind === 'adviser' && r.reporter && !r.reporter.email && !r.reporter.phone)
      ctx.addIssue({ code: 'custom', path: ['reporter', 'email'], message: 'give an email address or a phone number so an adviser can reach you' });
    if (r.when.date) {
      const d = new Date(`${r.when.date}T00:00:00Z`);
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== r.when.date)
        ctx.addIssue({ code: 'custom', path: ['when', 'date'], message: 'is not a real date' });
      else if (d.getTime() > Date.now() + 86_400_000) ctx.addIssue({ code: 'custom', path: ['when', 'date'], message: 'is in the future' });
      else if (d.getUTCFullYear() < 1950) ctx.addIssue({ code: 'custom', path: ['when', 'date'], message: 'is too long ago to be right' });
    }
  });

export type ReportInput = z.input<typeof reportInputSchema>;
export type Report = z.output<typeof reportInputSchema>;

/** What is kept in clear on the case for lists, cards and statistics: nothing that names anyone. */
export function reportFacets(r: Report) {
  return {
    kind: r.kind,
    capacity: r.capacity,
    connection: r.connection,
    channel: r.channel,
    categories: r.categories,
    characteristics: r.characteristics,
    campus: r.where.campus ?? null,
    online: Boolean(r.where.online),
    offCampus: Boolean(r.where.offCampus),
    ongoing: r.ongoing,
    wants: r.wants,
    perpetratorRelations: r.perpetrators.map((p) => p.relation),
    consentToShare: r.consent.share,
    consentWith: r.consent.share ? r.consent.with : [],
    contactByEmail: Boolean(r.reporter?.email && r.reporter.contactByEmail),
  };
}
export type CaseFacets = ReturnType<typeof reportFacets>;
