import type { Request, Response } from 'express';
import { listSettingsChanges } from '../../core/commands/settingsAudit.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { loadLookup, makeWords } from '../labels.ts';
import { renderSettings, requireAdmin } from './settingsPage.ts';

/** Settings → History: who changed which setting, when (the values are kept in admin_audit). */
export function settingsHistory(deps: WorkspaceDeps) {
  const w = makeWords(deps.views.messages);
  return async (_req: Request, res: Response) => {
    const actor = requireAdmin(res);
    const { changes, lookup } = await deps.core.db.forInstitution(actor.institutionId, async (tx) => ({ changes: await listSettingsChanges(tx, 100), lookup: await loadLookup(tx) }));
    renderSettings(deps, res, 'history', {
      changes: changes.map((c) => ({
        at: c.at,
        who: c.actor.startsWith('staff:') ? lookup.staffName(c.actor.slice(6)) : c.actor,
        what: `${w(`ws.settings.${c.area === 'option' ? 'lists' : c.area}`)}: ${w(`ws.settings.action.${c.action}`)}`,
        target: c.target.startsWith('staff:') ? lookup.staffName(c.target.slice(6)) : c.target.replace(/^service:.*/, w('ws.settings.directoryEntry')),
      })),
    });
  };
}
