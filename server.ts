import type { Server } from 'node:http';
import type { Core } from './core/core.ts';
import { loadConfig, ConfigError, type Config } from './core/config.ts';
import { createLogger } from './core/logger.ts';
import { createCore } from './core/bootstrap.ts';
import { ensureDemoInstitution } from './core/demo/demoInstitution.ts';
import { createDispatcher } from './core/events/dispatcher.ts';
import { createViews } from './web/views.ts';
import { createWebApp } from './web/app.ts';
import { institutionResolver } from './web/institution.ts';
import { createOffice } from './graph-integration/index.ts';
import { mailListeners } from './core/listeners/mailListeners.ts';

/**
 * The composition root: reads configuration, builds the core and the adapters, mounts every
 * area's routes, starts the background jobs, and shuts all of it down cleanly on SIGTERM.
 */
export async function startHarbour(config: Config): Promise<{ server: Server; stop: () => Promise<void>; url: string; core: Core }> {
  const log = createLogger(config.LOG_LEVEL);
  const core = await createCore(config, log);
  if (!config.production && config.DEMO_INSTITUTION !== 'off') {
    const demo = await ensureDemoInstitution(core.db, core.keyring);
    if (demo) log.info({ institution: demo.slug }, 'created the demo institution (development mode only)');
  }
  const views = createViews({ cache: config.production });
  const institutions = institutionResolver(core.db, process.env.DEFAULT_INSTITUTION);
  const publicUrl = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  const office = createOffice(process.env, core.db, log);
  const listeners = [...mailListeners(core, office.mail, publicUrl)];
  const dispatcher = createDispatcher(core.db, log, listeners);
  const app = createWebApp({ core, views, institutions, mounts: [], trustProxy: config.production });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.PORT, () => resolve(s));
  });
  dispatcher.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://127.0.0.1:${port}`;
  log.info({ url, publicUrl: config.PUBLIC_URL, engine: core.db.engine, production: config.production }, 'Harbour is listening');
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('shutting down: no new requests, finishing the ones in flight');
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.stop();
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
