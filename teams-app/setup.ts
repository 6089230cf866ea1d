import type { Core } from '../core/core.ts';
import type { Logger } from '../core/logger.ts';
import type { Office } from '../graph-integration/index.ts';
import { readMicrosoft365Config } from '../graph-integration/index.ts';
import { createHttpsSend, msalNetworkClient } from '../graph-integration/transport.ts';
import { createMsalClient } from './auth/msalClient.ts';
import { botTokenProvider } from './auth/botTokenProvider.ts';
import { createTeamsBot, type TeamsBot } from './bot/teamsBot.ts';

/** Origins that frame the personal tab (Teams on the web, desktop, and Microsoft 365 hosts). */
export const TEAMS_FRAME_ANCESTORS = ['https://teams.microsoft.com', 'https://*.teams.microsoft.com', 'https://*.cloud.microsoft', 'https://*.office.com', 'https://outlook.office.com'];

/**
 * The Teams bot from the environment, or null when Microsoft 365 is not configured (the demo:
 * /api/messages then answers 503 and the workspace works in the browser).
 */
export function createTeamsFromEnv(env: NodeJS.ProcessEnv, deps: { core: Core; office: Office; log: Logger; publicUrl: string; openIdMetadataUrl: string }): TeamsBot | null {
  const m365 = readMicrosoft365Config(env);
  if (!m365) return null;
  const msal = createMsalClient({
    authorityHost: m365.authorityHost,
    tenantId: m365.tenantId,
    clientId: m365.clientId,
    clientSecret: m365.credential.kind === 'secret' ? m365.credential.secret : undefined,
    clientCertificate: m365.credential.kind === 'certificate' ? m365.credential.pem : undefined,
    networkClient: msalNetworkClient(createHttpsSend({ extraCaPem: m365.extraCaPem })),
  });
  return createTeamsBot({
    core: deps.core,
    calendar: deps.office.calendar,
    rooms: deps.office.rooms,
    logger: deps.log.child({ component: 'teams' }),
    appId: m365.clientId,
    tenantId: m365.tenantId,
    teamsAppId: env.TEAMS_APP_ID || m365.clientId,
    publicUrl: deps.publicUrl,
    invokeBudgetMs: 3000,
    openIdMetadataUrl: deps.openIdMetadataUrl,
    tokenProvider: botTokenProvider(msal, { clientId: m365.clientId, tenantId: m365.tenantId }),
  });
}
