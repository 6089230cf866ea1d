import { EncryptJWT, jwtDecrypt } from 'jose';
import { z } from 'zod';
import { toolKey } from './keys.ts';

/**
 * The minimal identity the LTI edge hands the core after a launch: which institution, how the
 * reporter is connected to it, and (only to offer as prefill for a named report) a name and email.
 * Never the platform's user id or any other claim.
 */
export interface LaunchIdentity {
  institutionId: string;
  connection: 'student' | 'staff';
  prefill?: { name?: string; email?: string };
}

const identitySchema = z.object({
  institutionId: z.uuid(),
  connection: z.enum(['student', 'staff']),
  prefill: z.object({ name: z.string().max(200).optional(), email: z.string().max(254).optional() }).optional(),
});

const PURPOSE = 'harbour:lti-launch';
const LIFETIME = '2h';

/**
 * Seals a launch identity into a compact JWE (dir + A256GCM, 2 h), so it can travel in the redirect
 * to /report and in the form's hidden field without being readable or forgeable by anyone else.
 */
export async function sealLaunchToken(identity: LaunchIdentity, secret: string): Promise<string> {
  const payload = identitySchema.parse(identity);
  return new EncryptJWT({ ...payload })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(LIFETIME)
    .setAudience(PURPOSE)
    .encrypt(toolKey(secret, 'launch'));
}

/** Opens a launch token: the identity, or null when it is malformed, tampered with or expired. */
export async function openLaunchToken(token: string, secret: string): Promise<LaunchIdentity | null> {
  if (!token || token.length > 4096) return null;
  try {
    const { payload } = await jwtDecrypt(token, toolKey(secret, 'launch'), {
      audience: PURPOSE,
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    const parsed = identitySchema.safeParse(payload);
    if (!parsed.success) return null;
    const { institutionId, connection, prefill } = parsed.data;
    return prefill ? { institutionId, connection, prefill } : { institutionId, connection };
  } catch {
    return null;
  }
}
