import { z } from 'zod';
import type { Request, Response } from 'express';
import { parseOrThrow } from '../../core/validation.ts';
import { DomainError } from '../../core/errors.ts';
import { completeAccessRequest, decideErasureRequest, listSubjectRequests, loadSubjectRequest, recordSubjectRequest } from '../../core/subjectRights/requests.ts';
import { subjectExportPdf } from '../../core/subjectRights/subjectExportPdf.ts';
import { actorOf, renderInsight, sendFile, type InsightDeps } from './page.ts';

const optional = (max: number) => z.string().trim().max(max).optional().transform((v) => v || undefined);
const newRequestSchema = z
  .object({ kind: z.enum(['access', 'erasure']), email: optional(254), name: optional(200), identifier: optional(100) })
  .refine((v) => v.email || v.name || v.identifier, { message: 'give an email address, a name or an id', path: ['email'] });
const exportSchema = z.object({ format: z.enum(['json', 'pdf']), scan: z.enum(['1']).optional() });
const decideSchema = z.object({ refuse: z.record(z.string(), z.string().max(2000)).optional() });

const ROLE: Record<string, string> = { reporter: 'Reporter', alleged_perpetrator: 'Alleged perpetrator', witness: 'Witness', affected_person: 'Reported for', mentioned: 'Mentioned' };
const STATUS: Record<string, string> = { open: 'Open', completed: 'Completed', refused: 'Refused', partly_refused: 'Partly refused' };

/** Subject access and erasure requests: record one, see what is proposed for each case, export or decide. */
export function subjectRequestPages(deps: InsightDeps) {
  return {
    async list(req: Request, res: Response) {
      const list = await listSubjectRequests(deps.core, actorOf(res));
      renderInsight(deps, res, 'insight-subject-requests', 'subject-requests', {
        title: 'Subject rights requests',
        requests: list.map((r) => ({ ...r, statusLabel: STATUS[r.status], overdue: r.status === 'open' && r.dueOn < deps.core.now().toISOString().slice(0, 10) })),
        errors: null,
      });
    },
    async create(req: Request, res: Response) {
      let input;
      try {
        input = parseOrThrow(newRequestSchema, req.body);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        const list = await listSubjectRequests(deps.core, actorOf(res));
        return renderInsight(deps, res, 'insight-subject-requests', 'subject-requests', { title: 'Subject rights requests', requests: list, errors: err.details ?? { form: err.message }, form: req.body }, 400);
      }
      const r = await recordSubjectRequest(deps.core, actorOf(res), { kind: input.kind, subject: { email: input.email, name: input.name, identifier: input.identifier } });
      res.redirect(303, `/tab/subject-requests/${r.id}`);
    },
    async show(req: Request, res: Response) {
      const r = await loadSubjectRequest(deps.core, actorOf(res), String(req.params.id));
      renderInsight(deps, res, 'insight-subject-request', 'subject-requests', {
        title: `${r.kind === 'access' ? 'Access' : 'Erasure'} request`,
        r,
        isAccess: r.kind === 'access',
        isOpen: r.status === 'open',
        statusLabel: STATUS[r.status],
        who: [r.subject.name, r.subject.email, r.subject.identifier].filter(Boolean).join(' · '),
        cases: r.cases.map((c) => ({ ...c, roleLabels: c.roles.map((x) => ROLE[x] ?? x).join(', '), erase: c.proposal === 'erase' })),
        done: req.query.done === '1',
      });
    },
    async export(req: Request, res: Response) {
      const q = parseOrThrow(exportSchema, req.body);
      const id = String(req.params.id);
      const x = await completeAccessRequest(deps.core, actorOf(res), id, { scanText: q.scan === '1' });
      if (q.format === 'json') return sendFile(res, 'application/json', `subject-access-${id}.json`, JSON.stringify(x, null, 2));
      sendFile(res, 'application/pdf', `subject-access-${id}.pdf`, await subjectExportPdf(x));
    },
    async decide(req: Request, res: Response) {
      const q = parseOrThrow(decideSchema, req.body);
      const refusals = Object.entries(q.refuse ?? {}).filter(([, reason]) => reason.trim()).map(([caseId, reason]) => ({ caseId, reason }));
      await decideErasureRequest(deps.core, actorOf(res), String(req.params.id), refusals);
      res.redirect(303, `/tab/subject-requests/${String(req.params.id)}?done=1`);
    },
  };
}
