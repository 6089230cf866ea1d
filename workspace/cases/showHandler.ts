import { z } from 'zod';
import type { Request, Response } from 'express';
import { notFound } from '../../core/errors.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { renderCasePage } from './casePage.ts';

export const showQuerySchema = z.object({ done: z.string().regex(/^[a-z-]{1,20}$/).optional(), evidence: z.literal('added').optional() });

/** The case page: one place for everything about a case, as far as the viewer may see. */
export function caseShowHandler(deps: WorkspaceDeps) {
  return async (req: Request, res: Response) => {
    const id = z.uuid().safeParse(req.params.id);
    if (!id.success) throw notFound();
    const q = showQuerySchema.safeParse(req.query);
    await renderCasePage(deps, res, id.data, { done: q.success ? (q.data.evidence ? 'evidence' : q.data.done) : undefined });
  };
}
