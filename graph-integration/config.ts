import fs from 'node:fs';

/** Everything needed to reach one university's Microsoft 365 tenancy (Entra app + Graph). */
export interface Microsoft365Config {
  tenantId: string;
  clientId: string;
  credential: { kind: 'secret'; secret: string } | { kind: 'certificate'; pem: string };
  /** e.g. https://login.microsoftonline.com (a sovereign cloud or a stand-in otherwise). */
  authorityHost: string;
  /** e.g. https://graph.microsoft.com (no version segment). */
  graphUrl: string;
  /** The shared mailbox Harbour's mail comes from. */
  mailSender: string;
  /** Where the browser comes back after signing in (authorization code + PKCE). */
  redirectUri: string;
  /** Extra trusted CA certificates (PEM) for a stand-in; production trusts the system store. */
  extraCaPem?: string;
}

const httpsUrl = (name: string, value: string): string => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:') throw new Error(`${name} must be an https:// address (Microsoft's libraries refuse http): ${value}`);
  return url.origin;
};

/**
 * Reads the Microsoft 365 settings from the environment. Null when none are set (the embedded demo
 * then uses local adapters); an error naming the variable when they are set but incomplete.
 */
export function readMicrosoft365Config(env: Record<string, string | undefined>): Microsoft365Config | null {
  const tenantId = env.MICROSOFT_TENANT_ID?.trim();
  const clientId = env.MICROSOFT_CLIENT_ID?.trim();
  if (!tenantId && !clientId) return null;
  if (!tenantId) throw new Error('MICROSOFT_TENANT_ID is missing: set it to the directory (tenant) id of the Entra app registration.');
  if (!clientId) throw new Error('MICROSOFT_CLIENT_ID is missing: set it to the application (client) id of the Entra app registration.');
  const secret = env.MICROSOFT_CLIENT_SECRET?.trim();
  const certificate = env.MICROSOFT_CLIENT_CERTIFICATE?.trim();
  if (secret && certificate) throw new Error('Set only one of MICROSOFT_CLIENT_SECRET and MICROSOFT_CLIENT_CERTIFICATE.');
  if (!secret && !certificate) {
    throw new Error('MICROSOFT_CLIENT_SECRET or MICROSOFT_CLIENT_CERTIFICATE is missing: Harbour needs a credential for its app registration.');
  }
  const mailSender = env.MAIL_SENDER?.trim();
  if (!mailSender || !mailSender.includes('@')) throw new Error('MAIL_SENDER is missing or not an address: name the shared mailbox Harbour sends from.');
  const publicUrl = env.PUBLIC_URL?.trim() || `http://localhost:${env.PORT ?? 3000}`;
  return {
    tenantId,
    clientId,
    credential: secret ? { kind: 'secret', secret } : { kind: 'certificate', pem: readPem(certificate as string) },
    authorityHost: httpsUrl('MICROSOFT_AUTHORITY_HOST', env.MICROSOFT_AUTHORITY_HOST?.trim() || 'https://login.microsoftonline.com'),
    graphUrl: httpsUrl('MICROSOFT_GRAPH_URL', env.MICROSOFT_GRAPH_URL?.trim() || 'https://graph.microsoft.com'),
    mailSender,
    redirectUri: env.MICROSOFT_REDIRECT_URI?.trim() || new URL('/auth/microsoft/callback', publicUrl).toString(),
  };
}

/** MICROSOFT_CLIENT_CERTIFICATE holds the PEM itself or the path of a PEM file (key + certificate). */
function readPem(value: string): string {
  if (value.includes('-----BEGIN')) return value.replace(/\\n/g, '\n');
  try {
    return fs.readFileSync(value, 'utf8');
  } catch {
    throw new Error(`MICROSOFT_CLIENT_CERTIFICATE names a file that cannot be read: ${value}`);
  }
}
