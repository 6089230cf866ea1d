import type { Request, Response } from 'express';
import { parseOrThrow } from '../../core/validation.ts';
import { listCases } from '../../core/queries/caseList.ts';
import { searchNarratives } from '../../core/queries/narrativeSearch.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { actorOf, renderPage } from '../page.ts';
import { loadLookup, makeWords } from '../labels.ts';
import { listQuerySchema, toFilter, withViewDefaults } from './listSchema.ts';
import { presentCaseList } from './listPresenter.ts';

/**
 * My cases / unassigned / all cases, as the policy's list scope allows: filters, sorting, keyset
 * paging, and search in what reporters wrote (decrypting only what the viewer may read).
 */
export function caseListHandler(deps: WorkspaceDeps) {
  return async (req: Request, res: Response) => {
    const actor = actorOf(res);
    const manager = actor.roles.includes('case_manager') || actor.roles.includes('lead');
    const q = withViewDefaults(parseOrThrow(listQuerySchema, req.query), manager ? 'mine' : 'all');
    const filter = toFilter(q);
    const lookup = await deps.core.db.forInstitution(actor.institutionId, (tx) => loadLookup(tx));
    if (q.q) {
      const found = await searchNarratives(deps.core, actor, q.q, filter);
      const page = { items: found.hits.map((h) => ({ ...h.item, snippet: h.snippet })), next: found.next };
      renderPage(deps, res, 'ws-cases', { title: 'Cases', bodyClass: 'wide', ...presentCaseList(makeWords(deps.views.messages), q, page, lookup, actor, deps.core.now()), search: { scanned: found.scanned, capped: found.capped } });
      return;
    }
    const page = await listCases(deps.core, actor, filter);
    renderPage(deps, res, 'ws-cases', { title: 'Cases', bodyClass: 'wide', ...presentCaseList(makeWords(deps.views.messages), q, page, lookup, actor, deps.core.now()) });
  };
}
