import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Database } from '../../core/db/database.ts';
import type { Core } from '../../core/core.ts';
import type { Institution } from '../../core/institutions.ts';
import { openPglite } from '../../core/db/pglite.ts';
import { migrate } from '../../core/db/migrate.ts';
import { createLogger, type Logger } from '../../core/logger.ts';
import { makeCore, makeInstitution } from '../../test/factories.ts';
import { LtiPlatformStandin, ROLE, type MoodleUser, type ToolType } from '../../test/standins/ltiPlatform.ts';
import { createLtiTool, type LtiTool, type LtiToolOptions } from '../ltiTool.ts';
import { addPlatform } from '../ltiCli.ts';
import { toolUrls } from '../toolValues.ts';
import { TestBrowser } from './browser.ts';

export const SECRET = 'test-secret-for-the-lti-tool-0123456789abcdef';

export interface Harness {
  db: Database;
  core: Core;
  institution: Institution;
  /** Where the tool says it is (PUBLIC_URL); `baseUrl` is where it listens. */
  publicUrl: string;
  baseUrl: string;
  platform: LtiPlatformStandin;
  tool: LtiTool;
  close(): Promise<void>;
}

/**
 * Harbour's LTI tool mounted at /lti in an Express app on 127.0.0.1 over a fresh PGlite, with one
 * institution and a Moodle stand-in. `/report` answers 200 so a launch can be followed to the end.
 */
export async function startHarness(
  o: { logger?: Logger; publicUrl?: (url: string) => string; options?: Partial<LtiToolOptions>; mount?: (app: express.Express) => void } = {},
): Promise<Harness> {
  const db = await openPglite('memory://');
  await migrate(db);
  const core = makeCore(db);
  const institution = await makeInstitution(core);
  const app = express();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  // Registering a platform makes ltijs generate an RSA key synchronously; a long keep-alive keeps
  // the server from closing a socket the client is about to reuse while the event loop was busy.
  server.keepAliveTimeout = 60_000;
  const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const publicUrl = o.publicUrl ? o.publicUrl(local) : local;
  const tool = createLtiTool({ db, publicUrl, encryptionKey: SECRET, logger: o.logger ?? createLogger('silent'), production: false, ...o.options });
  o.mount?.(app);
  app.use('/lti', tool);
  app.get('/report', (_req, res) => res.send('<h1>Report an incident</h1>'));
  const platform = await LtiPlatformStandin.start();
  return {
    db,
    core,
    institution,
    publicUrl,
    baseUrl: local,
    platform,
    tool,
    async close() {
      await platform.close();
      await new Promise((r) => server.close(r));
      await db.close();
    },
  };
}

/** The admin's manual path: create the tool in Moodle, then `lti platform add` with its ids. */
export async function registerManually(h: Harness, institution = h.institution.slug, platform = h.platform): Promise<ToolType> {
  const u = toolUrls(h.publicUrl);
  const tool = platform.addTool({ loginUrl: u.loginUrl, redirectUris: u.redirectUris, jwksUrl: u.keysUrl, toolUrl: u.toolUrl, deepLinkUrl: u.toolUrl });
  await addPlatform(h.db, { institution, issuer: platform.issuer, clientId: tool.clientId, deploymentIds: [tool.deploymentId], secret: SECRET });
  return tool;
}

let users = 0;
/**
 * A Moodle user with the given role (a learner by default). Moodle's sub is its numeric user id;
 * nine random digits (and distinctive names) keep a search for them from matching by chance.
 */
export function moodleUser(role: keyof typeof ROLE | string[] = 'learner'): MoodleUser {
  const n = ++users;
  const tag = crypto.randomBytes(4).toString('hex').replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!);
  return {
    id: String(crypto.randomInt(100_000_000, 999_999_999)),
    username: `mdl${tag}${n}`,
    givenName: `Given${tag}`,
    familyName: `Family${tag}`,
    email: `person.${tag}@student.example.ac.uk`,
    roles: Array.isArray(role) ? role : [ROLE[role]],
  };
}

export interface LaunchSteps {
  login: globalThis.Response;
  auth: globalThis.Response;
  authHtml: string;
  launch: globalThis.Response;
}

/**
 * Drives one launch as a browser would: Moodle posts the login initiation, the tool redirects to
 * Moodle's auth endpoint, Moodle's page posts the id_token back to the tool. `change` may alter the
 * posted fields (for attacks) before the last step.
 */
export async function launchThrough(
  platform: LtiPlatformStandin,
  tool: ToolType,
  user: MoodleUser,
  o: { browser?: TestBrowser; kind?: 'resource' | 'deep-link'; change?: (fields: Record<string, string>) => void | Promise<void> } = {},
): Promise<LaunchSteps> {
  const browser = o.browser ?? new TestBrowser();
  const start = platform.beginLaunch(tool, user, o.kind);
  browser.setCookie(platform.issuer, start.cookie.name, start.cookie.value);
  const login = await browser.post(start.loginUrl, start.form);
  if (login.status !== 302) return { login, auth: login, authHtml: '', launch: login };
  const auth = await browser.follow(login, start.loginUrl);
  const authHtml = await auth.text();
  if (auth.status !== 200) return { login, auth, authHtml, launch: auth };
  const { res: launch } = await browser.submit(authHtml, platform.issuer, o.change);
  return { login, auth, authHtml, launch };
}
