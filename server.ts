import type { Server } from 'node:http';
import type { Core } from './core/core.ts';
import { loadConfig, ConfigError, type Config } from './core/config.ts';
import { createLogger, type Logger } from './core/logger.ts';
import { createCore, loadSessionSecret } from './core/bootstrap.ts';
import { ensureDemoInstitution } from './core/demo/demoInstitution.ts';
import { createDispatcher } from './core/events/dispatcher.ts';
import { createScheduler, isoWeek } from './core/jobs/scheduler.ts';
import { listInstitutions } from './core/institutions.ts';
import { remindDirectoryReviews } from './core/queries/supportDirectory.ts';
import { mailListeners } from './core/listeners/mailListeners.ts';
import { createViews } from './web/views.ts';
import { createWebApp, type Mount } from './web/app.ts';
import { institutionResolver } from './web/institution.ts';
import express from 'express';
import { staffSessions, type StaffSessions } from './web/staffSession.ts';
import { csrfProtection } from './web/csrf.ts';
import { createOffice, readMicrosoft365Config } from './graph-integration/index.ts';
import { createEvidence } from './evidence-storage/setup.ts';
import { createEvidenceRouter } from './evidence-storage/web/evidenceRouter.ts';
import { createReportingRouter } from './reporting/router.ts';
import { createLtiTool } from './lti-tool/ltiTool.ts';
import { createTeamsFromEnv, TEAMS_FRAME_ANCESTORS } from './teams-app/setup.ts';
import { botNotConfigured } from './teams-app/bot/endpoint.ts';
import { startTeamsReminders } from './teams-app/reminders/reminderJob.ts';
import { tabSignInRouter } from './teams-app/tab/tabSignIn.ts';
import { createWorkspaceRouter, createEntraCallbackAlias } from './workspace/router.ts';
import { createInsightRouter } from './workspace/insight/router.ts';
import { runRetention } from './core/retention/retentionRunner.ts';
import { detectUnusualAccess } from './core/accessReview/unusualAccess.ts';
import { unusualAccessMailListener } from './core/accessReview/alertMail.ts';

/**
 * The composition root: builds the adapters around a core, mounts every area's routes, and
 * registers the event listeners and jobs, all in one place. Tests call it with their own core.
 */
export async function composeHarbour(config: Config, core: Core, log: Logger, env: NodeJS.ProcessEnv = process.env) {
  const publicUrl = (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, '');
  const secret = loadSessionSecret(config, log);
  const secure = publicUrl.startsWith('https://');
  const views = createViews({ cache: config.production });
  const institutions = institutionResolver(core.db, env.DEFAULT_INSTITUTION);
  const office = createOffice(env, core.db, log);
  const m365 = readMicrosoft365Config(env);
  const sessions = staffSessions(core, secure);
  const evidence = await createEvidence(core, { dataDir: config.DATA_DIR, clamav: { host: config.CLAMAV_HOST ?? '127.0.0.1', port: config.CLAMAV_PORT } });
  const teams = createTeamsFromEnv(env, { core, office, log, publicUrl, openIdMetadataUrl: config.BOT_OPENID_METADATA_URL });
  const lti = createLtiTool({ db: core.db, publicUrl, encryptionKey: secret, logger: log, production: config.production, onRegistered: () => institutions.invalidate() });

  const mounts: Mount[] = [
    { path: '/lti', router: lti, raw: true },
    { path: '/', router: teams?.router ?? botNotConfigured(), raw: true },
    { path: '/tab', router: tabSignInRouter({ core, logger: log, clientId: m365?.clientId ?? '', publicUrl, graphUrl: config.MICROSOFT_GRAPH_URL, auth: office.auth, startSession: sessions.start }) },
    { path: '/', router: withStaffSession(sessions, createEvidenceRouter({ evidence: evidence.deps, csrf: csrfProtection(secret, secure) })) },
    { path: '/tab', router: createWorkspaceRouter({ core, views, sessions, config: { production: config.production, SESSION_SECRET: secret }, entra: office.auth, calendar: office.calendar, rooms: office.rooms, evidenceRoutes: true, institutions, secureCookies: secure }) },
    { path: '/tab', router: createInsightRouter({ core, views, sessions, config: { production: config.production, SESSION_SECRET: secret }, evidence: evidence.deps, secureCookies: secure }) },
    { path: '/auth/microsoft', router: createEntraCallbackAlias() },
    { path: '/', router: createReportingRouter({ core, views, config, secret, evidence: evidence.deps }) },
  ];
  const app = createWebApp({ core, views, institutions, mounts, frameAncestors: TEAMS_FRAME_ANCESTORS, trustProxy: config.production });

  const dispatcher = createDispatcher(core.db, log, [
    ...mailListeners(core, office.mail, publicUrl),
    unusualAccessMailListener({ core, mail: office.mail, publicUrl }),
    ...(teams?.listeners ?? []),
  ]);
  const scheduler = createScheduler(core.db, log, [
    { name: 'lti.sweep', everyMs: 600_000, run: () => lti.store.sweep() },
    { name: 'retention', everyMs: 3_600_000, period: (d) => d.toISOString().slice(0, 10), run: () => runRetention({ core, evidence: evidence.deps }, { triggeredBy: 'system:retention-schedule' }) },
    {
      name: 'access-review',
      everyMs: 15 * 60_000,
      run: async () => {
        for (const i of await listInstitutions(core.db)) await detectUnusualAccess(core, i.id);
      },
    },
    {
      name: 'directory.review-reminder',
      everyMs: 3_600_000,
      period: isoWeek,
      run: async () => {
        for (const i of await listInstitutions(core.db)) await remindDirectoryReviews(core, office.mail, i.id, `${publicUrl}/tab/settings/directory`);
      },
    },
  ]);
  const reminders = teams ? startTeamsReminders(teams.reminders, { logger: log }) : null;
  return {
    app,
    dispatcher,
    start() {
      dispatcher.start();
      scheduler.start();
      evidence.job.start();
    },
    async stop() {
      await dispatcher.stop();
      await scheduler.stop();
      await evidence.job.stop();
      await reminders?.stop();
    },
  };
}

/** Routes that need the signed-in staff member (res.locals.actor) outside the workspace router. */
function withStaffSession(sessions: StaffSessions, inner: express.Router): express.Router {
  const r = express.Router();
  r.use('/tab', sessions.middleware());
  r.use(inner);
  return r;
}

/** Starts Harbour: opens the core, creates the demo outside production, serves, and stops cleanly. */
export async function startHarbour(config: Config): Promise<{ server: Server; stop: () => Promise<void>; url: string; core: Core }> {
  const log = createLogger(config.LOG_LEVEL);
  const core = await createCore(config, log);
  if (!config.production && config.DEMO_INSTITUTION !== 'off') {
    const demo = await ensureDemoInstitution(core.db, core.keyring);
    if (demo) log.info({ institution: demo.slug }, 'created the demo institution (development mode only; sign in at /tab/dev-sign-in)');
  }
  const harbour = await composeHarbour(config, core, log);
  const server = await new Promise<Server>((resolve) => {
    const s = harbour.app.listen(config.PORT, () => resolve(s));
  });
  harbour.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://127.0.0.1:${port}`;
  log.info({ url, publicUrl: config.PUBLIC_URL, engine: core.db.engine, production: config.production }, 'Harbour is listening');
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('shutting down: no new requests, finishing the ones in flight');
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await harbour.stop();
      await core.db.close();
    })());
  return { server, stop, url, core };
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  startHarbour(config).then(
    ({ stop }) => {
      for (const signal of ['SIGTERM', 'SIGINT'] as const)
        process.once(signal, () => {
          const timer = setTimeout(() => process.exit(1), 15_000);
          stop().then(() => {
            clearTimeout(timer);
            process.exit(0);
          });
        });
    },
    (err: Error) => {
      console.error(`Harbour could not start: ${err.message}`);
      process.exit(1);
    },
  );
}
