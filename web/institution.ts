import type { Request, Response, NextFunction } from 'express';
import type { Database } from '../core/db/database.ts';
import { listInstitutions, type Institution } from '../core/institutions.ts';

/**
 * Which institution a public request belongs to: the one whose `hosts` setting lists the request's
 * host, else the one named by DEFAULT_INSTITUTION (slug), else the first one created. One
 * deployment can serve several universities on their own host names.
 */
export function institutionResolver(db: Database, defaultSlug?: string) {
  let cache: { at: number; list: Institution[] } | null = null;
  const all = async () => {
    if (!cache || Date.now() - cache.at > 30_000) cache = { at: Date.now(), list: await listInstitutions(db) };
    return cache.list;
  };
  const resolve = async (host?: string): Promise<Institution | null> => {
    const list = await all();
    const byHost = host ? list.find((i) => ((i.settings as { hosts?: string[] }).hosts ?? []).includes(host)) : undefined;
    return byHost ?? list.find((i) => i.slug === defaultSlug) ?? list[0] ?? null;
  };
  return {
    resolve,
    /** Every registered Moodle origin of every institution here: a launch may land on any host's form. */
    async frameAncestors(): Promise<string[]> {
      return [...new Set((await all()).flatMap((i) => i.settings.frameAncestors ?? []))];
    },
    invalidate: () => void (cache = null),
    /** Sets res.locals.institution for every request. */
    middleware() {
      return async (req: Request, res: Response, next: NextFunction) => {
        try {
          res.locals.institution = await resolve(req.hostname);
          next();
        } catch (err) {
          next(err);
        }
      };
    },
  };
}
export type InstitutionResolver = ReturnType<typeof institutionResolver>;
