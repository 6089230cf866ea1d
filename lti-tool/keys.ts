import crypto from 'node:crypto';

/** What each key derived from the tool's secret is for; one secret, never one key for two jobs. */
export type ToolKeyPurpose = 'ltijs' | 'store' | 'launch' | 'deep-link';

/**
 * Derives a 32-byte key for one purpose from the tool's secret (HKDF-SHA256), so ltijs's cookie and
 * ltik signing, the sealed store documents and the launch tokens never share a key.
 */
export function toolKey(secret: string, purpose: ToolKeyPurpose): Buffer {
  if (secret.length < 32) throw new Error('The LTI tool secret must be at least 32 characters (SESSION_SECRET).');
  return Buffer.from(crypto.hkdfSync('sha256', secret, 'harbour-lti-tool', `harbour lti ${purpose}`, 32));
}
