import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openPglite } from '../core/db/pglite.ts';
import { migrate } from '../core/db/migrate.ts';
import { createLogger } from '../core/logger.ts';
import { createViews } from '../web/views.ts';
import { createWebApp } from '../web/app.ts';
import { institutionResolver } from '../web/institution.ts';
import { createReportingRouter } from '../reporting/router.ts';
import { makeCore, makeInstitution } from '../test/factories.ts';
import { LtiPlatformStandin } from '../test/standins/ltiPlatform.ts';
import { createLtiTool } from '../lti-tool/ltiTool.ts';
import { addPlatform } from '../lti-tool/ltiCli.ts';
import { toolUrls } from '../lti-tool/toolValues.ts';
import { TestBrowser } from '../lti-tool/testing/browser.ts';
import { moodleUser } from '../lti-tool/testing/harness.ts';
import { percentile, run } from './measure.ts';

const SECRET = 'bench-secret-bench-secret-bench-secret-0123';

export interface LtiLaunchFigure {
  name: string;
  p50: number;
  p99: number;
  baselineName: string;
  baselineP50: number;
  baselineP99: number;
  /** Median of each step of the round trip, ms. */
  steps: { login: number; auth: number; launch: number; form: number };
}

/**
 * A Moodle launch round trip, one at a time on 127.0.0.1: Moodle's login initiation → the tool's
 * redirect → Moodle's auth endpoint (the stand-in signs the id_token) → the launch (ltijs fetches
 * the JWKS and verifies) → the 303 → the reporting form rendered. Beside it, from the same run and
 * the same app: a plain GET /report. Milliseconds.
 */
export async function benchLtiLaunch(o: { launches?: number; gets?: number } = {}): Promise<LtiLaunchFigure> {
  const launches = o.launches ?? 200;
  const gets = o.gets ?? 400;
  const db = await openPglite('memory://');
  await migrate(db);
  const core = makeCore(db);
  const institution = await makeInstitution(core);
  const views = createViews({ cache: true });
  // The tool must know its own address, so listen first, then hand the app to the server.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.keepAliveTimeout = 60_000;
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const lti = createLtiTool({ db, publicUrl: base, encryptionKey: SECRET, logger: createLogger('silent'), production: false });
  const reporting = createReportingRouter({ core, views, config: { production: false, PUBLIC_URL: base }, secret: SECRET });
  const app = createWebApp({
    core,
    views,
    institutions: institutionResolver(db, institution.slug),
    mounts: [
      { path: '/lti', router: lti, raw: true },
      { path: '/', router: reporting },
    ],
  });
  server.on('request', app);

  const moodle = await LtiPlatformStandin.start();
  const u = toolUrls(base);
  const tool = moodle.addTool({ loginUrl: u.loginUrl, redirectUris: u.redirectUris, jwksUrl: u.keysUrl, toolUrl: u.toolUrl });
  await addPlatform(db, { institution: institution.slug, issuer: moodle.issuer, clientId: tool.clientId, deploymentIds: [tool.deploymentId], secret: SECRET });

  const steps = { login: [] as number[], auth: [] as number[], launch: [] as number[], form: [] as number[] };
  const timed = async <T>(into: number[], fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const r = await fn();
    into.push(performance.now() - t);
    return r;
  };
  const launchOnce = async () => {
    const browser = new TestBrowser();
    const start = moodle.beginLaunch(tool, moodleUser('learner'));
    browser.setCookie(moodle.issuer, start.cookie.name, start.cookie.value);
    const login = await timed(steps.login, () => browser.post(start.loginUrl, start.form));
    const auth = await timed(steps.auth, async () => (await browser.follow(login, start.loginUrl)).text());
    const { res: launch } = await timed(steps.launch, () => browser.submit(auth, moodle.issuer));
    if (launch.status !== 303) throw new Error(`launch answered ${launch.status}`);
    const form = await timed(steps.form, () => browser.follow(launch, u.toolUrl));
    const html = await form.text();
    if (form.status !== 200 || !html.includes('name="launch"')) throw new Error(`the form did not render for the launch (${form.status})`);
  };
  const getOnce = async () => {
    const res = await fetch(`${base}/report`);
    if (res.status !== 200) throw new Error(`GET /report answered ${res.status}`);
    await res.text();
  };

  for (let i = 0; i < 10; i++) await Promise.all([launchOnce(), getOnce()]);
  for (const list of Object.values(steps)) list.length = 0;
  const plain = await run(gets, 1, getOnce);
  const launched = await run(launches, 1, launchOnce);

  await moodle.close();
  await new Promise((r) => server.close(r));
  await db.close();
  return {
    name: 'Moodle launch round trip (login → auth → launch → form rendered), ms',
    p50: percentile(launched.latencies, 50),
    p99: percentile(launched.latencies, 99),
    baselineName: 'plain GET /report, ms',
    baselineP50: percentile(plain.latencies, 50),
    baselineP99: percentile(plain.latencies, 99),
    steps: { login: percentile(steps.login, 50), auth: percentile(steps.auth, 50), launch: percentile(steps.launch, 50), form: percentile(steps.form, 50) },
  };
}
