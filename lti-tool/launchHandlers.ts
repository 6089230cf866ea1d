import type { Request, Response, RequestHandler } from 'express';
import type { LtijsIdToken, LtijsProvider } from 'ltijs';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { z } from 'zod';
import type { Logger } from '../core/logger.ts';
import type { LtiStore } from './ltiStore.ts';
import type { ToolUrls } from './toolValues.ts';
import type { RefusalCode } from './refusals.ts';
import type { CheckedLaunch } from './launchGuard.ts';
import type { PageOptions, View } from './pages.ts';
import { sealLaunchToken, type LaunchIdentity } from './launchToken.ts';
import { connectionFromRoles, mayAddToCourse } from './roles.ts';
import { toolKey } from './keys.ts';

export interface HandlerDeps {
  provider: LtijsProvider;
  store: LtiStore;
  urls: ToolUrls;
  secret: string;
  logger: Logger;
  refuse: (res: Response, code: RefusalCode, detail?: string) => Promise<void>;
  page: (res: Response, view: View, data: Record<string, unknown>, extra?: Partial<PageOptions>) => Promise<void>;
}

/**
 * Deletes what ltijs stored about the launch (the id token with the person's sub, name and email,
 * and the context token), so none of it stays in the database once the launch is handled.
 */
async function forgetLaunch(store: LtiStore, token: LtijsIdToken): Promise<void> {
  await store.Delete('idtoken', { iss: token.iss, clientId: token.clientId, deploymentId: token.deploymentId, user: token.user });
  await store.Delete('contexttoken', { contextId: token.platformContext?.contextId, user: token.user });
}

/** The launch ltijs verified must be the one the guard checked (same platform and deployment). */
function checkedLaunch(res: Response, token: LtijsIdToken): CheckedLaunch | null {
  const c = res.locals.harbourLaunch as CheckedLaunch | undefined;
  if (!c || c.issuer !== token.iss || c.clientId !== token.clientId || c.deploymentId !== token.deploymentId) return null;
  return c;
}

function prefillFrom(token: LtijsIdToken): LaunchIdentity['prefill'] {
  const info = token.userInfo ?? {};
  const name = (info.name || [info.given_name, info.family_name].filter(Boolean).join(' ')).trim().slice(0, 200) || undefined;
  const email = info.email && info.email.length <= 254 ? info.email : undefined;
  if (!name && !email) return undefined;
  return { ...(name ? { name } : {}), ...(email ? { email } : {}) };
}

/**
 * A resource-link launch: turns the verified claims into the minimal identity, forgets the claims,
 * and sends the person (303) to the reporting form with the identity sealed in `launch`.
 */
export function onResourceLink(d: HandlerDeps) {
  return async (token: LtijsIdToken, _req: Request, res: Response) => {
    try {
      await forgetLaunch(d.store, token);
      const launch = checkedLaunch(res, token);
      if (!launch) return await d.refuse(res, 'invalid_launch');
      const prefill = prefillFrom(token);
      const identity: LaunchIdentity = { institutionId: launch.institutionId, connection: connectionFromRoles(token.platformContext?.roles), ...(prefill ? { prefill } : {}) };
      const sealed = await sealLaunchToken(identity, d.secret);
      d.logger.info({ event: 'lti.launch', institutionId: launch.institutionId, platformId: launch.platformId, connection: identity.connection }, 'Moodle launch accepted');
      res.redirect(303, `/report?launch=${encodeURIComponent(sealed)}`);
    } catch (err) {
      d.logger.error({ event: 'lti.launch.failed', err: (err as Error).message }, 'Moodle launch failed');
      await d.refuse(res, 'invalid_launch');
    }
  };
}

const selectionSchema = z.object({
  iss: z.string(),
  clientId: z.string(),
  deploymentId: z.string(),
  returnUrl: z.url(),
  acceptTypes: z.array(z.string()),
  acceptMultiple: z.boolean(),
  data: z.string().optional(),
});
type Selection = z.infer<typeof selectionSchema>;
const SELECTION = 'harbour:lti-deep-link';

/**
 * A deep-linking launch (a teacher adding Harbour to a course): checks the role, then shows a page
 * that explains the link and asks to add it. The request's details travel sealed in that page.
 */
export function onDeepLinking(d: HandlerDeps) {
  return async (token: LtijsIdToken, _req: Request, res: Response) => {
    try {
      await forgetLaunch(d.store, token);
      const launch = checkedLaunch(res, token);
      if (!launch) return await d.refuse(res, 'invalid_launch');
      if (!mayAddToCourse(token.platformContext?.roles)) return await d.refuse(res, 'not_allowed');
      const s = token.platformContext?.deepLinkingSettings;
      if (!s?.deep_link_return_url || !s.accept_types?.includes('ltiResourceLink'))
        return await d.refuse(res, 'wrong_message', 'Moodle did not ask for a link to a tool.');
      const selection: Selection = {
        iss: token.iss,
        clientId: token.clientId,
        deploymentId: token.deploymentId,
        returnUrl: s.deep_link_return_url,
        acceptTypes: s.accept_types,
        acceptMultiple: !(s.accept_multiple === false || s.accept_multiple === 'false'),
        ...(s.data ? { data: s.data } : {}),
      };
      const sealed = await new EncryptJWT(selection)
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .setIssuedAt()
        .setExpirationTime('30m')
        .setAudience(SELECTION)
        .encrypt(toolKey(d.secret, 'deep-link'));
      d.logger.info({ event: 'lti.deep_link.offered', institutionId: launch.institutionId, platformId: launch.platformId }, 'Deep linking: offered the link');
      await d.page(res, 'lti-deep-link', { title: 'Add “Report an incident”', action: '/lti/deep-link', selection: sealed });
    } catch (err) {
      d.logger.error({ event: 'lti.deep_link.failed', err: (err as Error).message }, 'Deep linking failed');
      await d.refuse(res, 'invalid_launch');
    }
  };
}

/**
 * The teacher confirmed: answers Moodle with a signed LtiDeepLinkingResponse holding one
 * "Report an incident" link, posted back to Moodle's return URL.
 */
export function deepLinkSubmit(d: HandlerDeps): RequestHandler {
  return async (req, res) => {
    let selection: Selection;
    try {
      const { payload } = await jwtDecrypt(String(req.body?.selection ?? ''), toolKey(d.secret, 'deep-link'), { audience: SELECTION });
      selection = selectionSchema.parse(payload);
    } catch {
      return d.refuse(res, 'expired', 'The page for adding the link was open too long. Add the activity again from Moodle.');
    }
    const item = {
      type: 'ltiResourceLink',
      title: 'Report an incident',
      text: 'Report harassment, bullying, sexual misconduct or a hate incident, anonymously if you wish, and find support.',
      url: d.urls.toolUrl,
      icon: { url: d.urls.iconUrl, width: 64, height: 64 },
    };
    try {
      const jwt = await d.provider.DeepLinking.createDeepLinkingMessage(
        {
          iss: selection.iss,
          clientId: selection.clientId,
          deploymentId: selection.deploymentId,
          platformContext: {
            deepLinkingSettings: {
              deep_link_return_url: selection.returnUrl,
              accept_types: selection.acceptTypes,
              accept_multiple: selection.acceptMultiple,
              ...(selection.data ? { data: selection.data } : {}),
            },
          },
        },
        [item],
        { message: 'Added “Report an incident”.' },
      );
      d.logger.info({ event: 'lti.deep_link.returned' }, 'Deep linking: link returned to Moodle');
      await d.page(res, 'lti-deep-link-return', { title: 'Adding the link', returnUrl: selection.returnUrl, jwt }, { formAction: [new URL(selection.returnUrl).origin] });
    } catch (err) {
      d.logger.error({ event: 'lti.deep_link.failed', err: (err as Error).message }, 'Deep linking response failed');
      await d.refuse(res, 'unknown_platform');
    }
  };
}
