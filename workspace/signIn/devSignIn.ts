import { z } from 'zod';
import type { Request, Response } from 'express';
import { DomainError } from '../../core/errors.ts';
import { parseOrThrow } from '../../core/validation.ts';
import { listStaff, findStaff } from '../../core/staff.ts';
import type { WorkspaceDeps } from '../deps.ts';
import { institutionOf, renderPage, safeNext } from '../page.ts';

export const devSignInSchema = z.object({ staffId: z.uuid('choose someone to sign in as'), next: z.string().optional() });

/**
 * The demo's sign-in: pick any member of the demo institution's staff. It exists only outside
 * production: the router never mounts it there, and each handler refuses again on its own, so no
 * setting or request can switch it on in production.
 */
export function devSignIn(deps: WorkspaceDeps) {
  const refuseInProduction = () => {
    if (deps.config.production) throw new DomainError('not_found', 'There is no such page.');
  };
  return {
    async show(req: Request, res: Response) {
      refuseInProduction();
      const inst = institutionOf(res);
      const staff = await deps.core.db.forInstitution(inst.id, (tx) => listStaff(tx));
      renderPage(deps, res, 'ws-dev-sign-in', { title: 'Sign in (demo)', people: staff.map((s) => ({ id: s.id, name: s.displayName, roles: s.roles.join(', '), department: s.departmentKey })), next: safeNext(req.query.next) });
    },
    async submit(req: Request, res: Response) {
      refuseInProduction();
      const input = parseOrThrow(devSignInSchema, req.body);
      const inst = institutionOf(res);
      const staff = await deps.core.db.forInstitution(inst.id, (tx) => findStaff(tx, { id: input.staffId }));
      if (!staff?.active) throw new DomainError('not_found', 'That member of staff does not exist or is switched off.');
      await deps.sessions.start(res, inst.id, staff.id);
      res.redirect(303, safeNext(input.next));
    },
  };
}
