import crypto from 'node:crypto';
import fs from 'node:fs';
import { ConfidentialClientApplication, type NodeSystemOptions } from '@azure/msal-node';

export interface MsalClientSettings {
  /** MICROSOFT_AUTHORITY_HOST, e.g. https://login.microsoftonline.com (or a sovereign cloud, or a stand-in). */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  /** MICROSOFT_CLIENT_CERTIFICATE: a PEM holding the private key and the certificate, or a path to one. */
  clientCertificate?: string;
  /** Transport override; production leaves it unset (msal's own fetch). */
  networkClient?: NodeSystemOptions['networkClient'];
}

/**
 * The app-only MSAL client for the Entra app registration (which is also the bot's identity). It lists
 * MICROSOFT_AUTHORITY_HOST as a known authority so MSAL never asks login.microsoftonline.com for
 * instance discovery, which is what keeps sovereign clouds and local stand-ins working.
 */
export function createMsalClient(settings: MsalClientSettings): ConfidentialClientApplication {
  const host = new URL(settings.authorityHost);
  return new ConfidentialClientApplication({
    auth: {
      clientId: settings.clientId,
      authority: `${host.origin}/${settings.tenantId}`,
      knownAuthorities: [host.host],
      ...credential(settings),
    },
    system: settings.networkClient ? { networkClient: settings.networkClient } : {},
  });
}

function credential(settings: MsalClientSettings) {
  if (settings.clientSecret) return { clientSecret: settings.clientSecret };
  if (!settings.clientCertificate) {
    throw new Error('Set MICROSOFT_CLIENT_SECRET or MICROSOFT_CLIENT_CERTIFICATE: the bot needs a credential to send messages');
  }
  const pem = settings.clientCertificate.includes('-----BEGIN')
    ? settings.clientCertificate
    : fs.readFileSync(settings.clientCertificate, 'utf8');
  const certPem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  const keyPem = /-----BEGIN (?:RSA )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA )?PRIVATE KEY-----/.exec(pem)?.[0];
  if (!certPem || !keyPem) {
    throw new Error('MICROSOFT_CLIENT_CERTIFICATE must hold (or name a file holding) a PEM private key and certificate');
  }
  const cert = new crypto.X509Certificate(certPem);
  return {
    clientCertificate: {
      thumbprintSha256: cert.fingerprint256.replaceAll(':', ''),
      privateKey: crypto.createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'pem' }).toString(),
      x5c: certPem,
    },
  };
}
