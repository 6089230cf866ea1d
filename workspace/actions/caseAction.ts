import { z } from 'zod';
import type { Request, Response } from 'express';
import type { Core } from '../../core/core.ts';
import { DomainError, notFound } from '../../core/errors.ts';
import { can, type CaseAction } from '../../core/policies/casePolicy.ts';
import { loadCase } from '../../core/queries/caseState.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { actorOf, handle, type StaffActor } from '../page.ts';
import { DONE_SECTIONS, renderCasePage } from '../cases/casePage.ts';

/** A form's checkboxes: absent, one value or several, always an array. */
export const checkboxes = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(100)).max(100));
/** A single checkbox. */
export const flag = z.preprocess((v) => v === '1' || v === 'on' || v === 'true', z.boolean());
export const caseIdSchema = z.uuid();

/** One action on the case page, declared by its name, its form schema and the command it runs. */
export interface CaseActionDef<S extends z.ZodType> {
  /** The URL segment (POST /tab/cases/:id/NAME) and the name of the form on the page. */
  name: string;
  schema: S;
  /** The policy action checked before the command runs (the command checks again in its transaction). */
  allowed: CaseAction | 'visible';
  run(ctx: { core: Core; actor: StaffActor; caseId: string; input: z.output<S>; deps: WorkspaceDeps }): Promise<unknown>;
}

const values = (body: unknown) => Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).filter(([k]) => k !== '_csrf'));

/**
 * The five steps every case action takes (STYLE principle 2): validate the form with its schema,
 * load the case, authorize with the case policy, run the core command with the actor, and present:
 * back to the case page at the section acted on, or the same page again with the problem explained
 * and what was typed kept.
 */
export function caseAction<S extends z.ZodType>(deps: WorkspaceDeps, def: CaseActionDef<S>) {
  return handle(async (req: Request, res: Response) => {
    const id = caseIdSchema.safeParse(req.params.id);
    if (!id.success) throw notFound();
    const caseId = id.data;
    const actor = actorOf(res);
    const parsed = def.schema.safeParse(req.body);
    if (!parsed.success) {
      const details: Record<string, string> = {};
      for (const issue of parsed.error.issues) details[issue.path.join('.') || 'form'] ??= issue.message;
      return renderCasePage(deps, res, caseId, { problem: { form: def.name, message: 'Please check the form.', details, values: values(req.body), status: 400 } });
    }
    const c = await deps.core.db.forInstitution(actor.institutionId, (tx) => loadCase(tx, caseId));
    if (!c || !(can(actor, 'view_summary', c) || can(actor, 'view_referral', c))) throw notFound();
    if (def.allowed !== 'visible' && !can(actor, def.allowed, c)) throw new DomainError('forbidden', `You can't do that on case ${c.reference} now.`);
    try {
      await def.run({ core: deps.core, actor, caseId, input: parsed.data, deps });
    } catch (err) {
      if (!(err instanceof DomainError) || !['invalid', 'conflict'].includes(err.code)) throw err;
      return renderCasePage(deps, res, caseId, { problem: { form: def.name, message: err.message, details: err.details ?? {}, values: values(req.body), status: err.code === 'invalid' ? 400 : 409 } });
    }
    res.redirect(303, `/tab/cases/${caseId}?done=${def.name}#${DONE_SECTIONS[def.name] ?? 'summary'}`);
  });
}
