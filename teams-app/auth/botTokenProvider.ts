import type { ConfidentialClientApplication } from '@azure/msal-node';
import type { AuthConfiguration, AuthProvider, CloudAdapter, Connections } from '@microsoft/agents-hosting';

type TokenSource = Pick<ConfidentialClientApplication, 'acquireTokenByClientCredential' | 'acquireTokenOnBehalfOf'>;

const toScope = (resource: string) => (resource.endsWith('/.default') ? resource : `${resource.replace(/\/$/, '')}/.default`);

/**
 * The bot's outbound token source, built on our MSAL client. It exists because the SDK's own
 * provider always asks login.microsoftonline.com for instance discovery and so ignores
 * MICROSOFT_AUTHORITY_HOST; this one uses whatever authority our client was built with.
 */
export function botTokenProvider(msal: TokenSource, settings: AuthConfiguration): AuthProvider {
  const unsupported = async (): Promise<string> => {
    throw new Error('Agentic identities are not used by Harbour');
  };
  async function getAccessToken(configOrScope: AuthConfiguration | string, scope?: string): Promise<string> {
    const resource = typeof configOrScope === 'string' ? configOrScope : scope;
    if (!resource) throw new Error('A token was asked for without a scope');
    const result = await msal.acquireTokenByClientCredential({ scopes: [toScope(resource)] });
    if (!result?.accessToken) throw new Error(`No token was issued for ${resource}`);
    return result.accessToken;
  }
  async function acquireTokenOnBehalfOf(
    configOrScopes: AuthConfiguration | string[],
    scopesOrAssertion?: string[] | string,
    assertion?: string,
  ): Promise<string> {
    const scopes = Array.isArray(configOrScopes) ? configOrScopes : (scopesOrAssertion as string[]);
    const oboAssertion = Array.isArray(configOrScopes) ? (scopesOrAssertion as string) : assertion;
    if (!oboAssertion) throw new Error('On-behalf-of needs the user token');
    const result = await msal.acquireTokenOnBehalfOf({ scopes, oboAssertion });
    if (!result?.accessToken) throw new Error('No on-behalf-of token was issued');
    return result.accessToken;
  }
  return {
    connectionSettings: settings,
    getAccessToken,
    acquireTokenOnBehalfOf,
    getAgenticApplicationToken: unsupported,
    getAgenticInstanceToken: unsupported,
    getAgenticUserToken: unsupported,
  };
}

/** Makes every outbound call of the adapter (replies, updates, proactive sends) use `provider`. */
export function useTokenProvider(adapter: CloudAdapter, provider: AuthProvider): void {
  const settings = provider.connectionSettings ?? {};
  const connections: Connections = {
    getConnection: () => provider,
    getDefaultConnection: () => provider,
    getTokenProvider: () => provider,
    getTokenProviderFromActivity: () => provider,
    getDefaultConnectionConfiguration: () => settings,
  };
  adapter.connectionManager = connections;
}
