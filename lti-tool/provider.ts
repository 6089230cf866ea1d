import { Provider, type LtijsProvider } from 'ltijs';
import type { Database } from '../core/db/database.ts';
import { LtiStore } from './ltiStore.ts';
import { toolKey } from './keys.ts';

/** Where the tool's endpoints live inside its mount point (`/lti`). */
export const ROUTES = { login: '/login', launch: '/launch', keys: '/keys', register: '/register' } as const;

export interface ProviderOptions {
  db: Database;
  secret: string;
  /** Cookies for a tool framed by another site: `SameSite=None; Secure` (needs HTTPS). */
  crossSiteCookies?: boolean;
  /** Oldest id_token (by iat, seconds) ltijs accepts. */
  tokenMaxAge?: number;
  /** Runs on ltijs's Express app after its parsers, before its own session check. */
  beforeLtijs?: (app: LtijsProvider['app']) => void;
  now?: () => number;
}

/**
 * A fresh, configured ltijs Provider on Harbour's PostgreSQL. ltijs exports a singleton whose
 * second `setup` throws, so each tool (and each test) gets its own instance. `deploy()` is not
 * called: with a database plugin it only calls the plugin's `setup`, and it would install a
 * SIGINT handler that exits the process.
 */
export function createProvider(o: ProviderOptions): { provider: LtijsProvider; store: LtiStore } {
  const store = new LtiStore(o.db, toolKey(o.secret, 'store'), o.now);
  const provider = new Provider.constructor();
  provider.setup(toolKey(o.secret, 'ltijs').toString('base64url'), { plugin: store }, {
    appRoute: ROUTES.launch,
    loginRoute: ROUTES.login,
    keysetRoute: ROUTES.keys,
    // One request per launch: ltijs validates the id_token and hands it straight to our handler
    // (no session cookie, no second redirect carrying an ltik).
    ltiaas: true,
    cors: false,
    tokenMaxAge: o.tokenMaxAge ?? 10,
    cookies: o.crossSiteCookies ? { secure: true, sameSite: 'None' } : {},
    serverAddon: o.beforeLtijs,
  });
  return { provider, store };
}
