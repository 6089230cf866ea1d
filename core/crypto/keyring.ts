import crypto from 'node:crypto';

/**
 * Envelope encryption. Each case has its own 256-bit data key; data keys are stored wrapped
 * (AES-256-GCM) by a master key from configuration, named by a key id so keys can rotate.
 * Destroying a case's wrapped key destroys everything encrypted under it (retention).
 */
export interface Keyring {
  readonly currentId: string;
  wrap(dataKey: Buffer, context: string): { wrapped: Buffer; keyId: string };
  unwrap(wrapped: Buffer, keyId: string, context: string): Buffer;
  has(keyId: string): boolean;
}

const VERSION = 1;

export function createKeyring(keys: Map<string, Buffer>, currentId: string): Keyring {
  if (!keys.has(currentId)) throw new Error(`MASTER_KEY_ID ${currentId} is not among MASTER_KEYS`);
  for (const [id, key] of keys) if (key.length !== 32) throw new Error(`Master key ${id} must be 32 bytes`);
  return {
    currentId,
    wrap: (dataKey, context) => ({ wrapped: seal(keys.get(currentId)!, dataKey, context), keyId: currentId }),
    unwrap(wrapped, keyId, context) {
      const key = keys.get(keyId);
      if (!key) throw new Error(`Master key ${keyId} is not configured: add it to MASTER_KEYS`);
      return open(key, wrapped, context);
    },
    has: (keyId) => keys.has(keyId),
  };
}

/** Parses MASTER_KEYS ("id:base64,id2:base64"). */
export function parseMasterKeys(value: string): Map<string, Buffer> {
  return new Map(
    value.split(',').map((pair) => {
      const [id, b64] = pair.split(':');
      return [id!, Buffer.from(b64!, 'base64')];
    }),
  );
}

export function newDataKey(): Buffer {
  return crypto.randomBytes(32);
}

/** AES-256-GCM: version byte, 12-byte IV, 16-byte tag, ciphertext; `context` is bound as associated data. */
export function seal(key: Buffer, plaintext: Buffer, context: string): Buffer {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

export function open(key: Buffer, sealed: Buffer | Uint8Array, context: string): Buffer {
  const b = Buffer.from(sealed);
  if (b[0] !== VERSION) throw new Error('Unknown ciphertext version');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, b.subarray(1, 13));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(b.subarray(13, 29));
  return Buffer.concat([decipher.update(b.subarray(29)), decipher.final()]);
}
