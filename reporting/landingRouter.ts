import express, { type Response, type Router } from 'express';
import type { Core } from '../core/core.ts';
import type { Institution } from '../core/institutions.ts';
import { DomainError } from '../core/errors.ts';
import { listSupportServices } from '../core/queries/supportDirectory.ts';
import type { ReportingContext } from './context.ts';
import { presentService } from './donePresenter.ts';
import { msgFrom } from './messages.ts';

function institutionOf(res: Response): Institution {
  const i = res.locals.institution as Institution | null;
  if (!i) throw new DomainError('not_found', 'This reporting service is not set up yet.');
  return i;
}

/**
 * The public pages around the form: the landing page (how to report, what can be reported, what
 * happens next, emergency help, support), the privacy notice, and the support directory with its
 * printable version. All their words come from the catalogue, overridable by the institution.
 */
export function landingRouter(core: Core, ctx: ReportingContext): Router {
  const r = express.Router();
  const page = async (res: Response, name: string, titleKey: string, data: (i: Institution) => Promise<Record<string, unknown>> | Record<string, unknown> = () => ({})) => {
    const institution = await ctx.institution(institutionOf(res).id) ?? institutionOf(res);
    const views = ctx.views(institution);
    const phones = { securityPhone: institution.settings.securityPhone || msgFrom(views)('landing.emergency.noSecurity'), emergencyPhone: institution.settings.emergencyPhone };
    res.type('html').send(views.render(name, { title: msgFrom(views)(titleKey), institution, phones, ...(await data(institution)) }));
  };

  const directory = async (institution: Institution) => {
    const views = ctx.views(institution);
    const msg = msgFrom(views);
    const options = await ctx.options(institution.id);
    const services = (await listSupportServices(core, institution.id)).map((s) => ({ ...presentService(s, options, msg), internal: s.internal }));
    return { internal: services.filter((s) => s.internal), external: services.filter((s) => !s.internal), categories: options.category };
  };

  r.get('/', (_req, res) => page(res, 'landing', 'landing.title', async (i) => ({ bodyClass: 'landing-page', ...(await directory(i)) })));
  r.get('/privacy', (_req, res) => page(res, 'privacy', 'landing.privacy.title'));
  r.get('/support', (_req, res) => page(res, 'support-directory', 'landing.support.title', directory));
  r.get('/support/print', (_req, res) => page(res, 'support-print', 'landing.support.printTitle', async (i) => ({ bodyClass: 'print-page', printedAt: core.now().toISOString(), ...(await directory(i)) })));
  return r;
}
