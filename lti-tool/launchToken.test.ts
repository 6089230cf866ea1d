import assert from 'node:assert/strict';
import { EncryptJWT } from 'jose';
import { openLaunchToken, sealLaunchToken } from './launchToken.ts';
import { toolKey } from './keys.ts';
import { connectionFromRoles } from './roles.ts';

const SECRET = 'a-secret-that-is-long-enough-for-the-lti-tool';
const id = { institutionId: '7b0c1f1e-8a44-4d8e-9a2b-2f1e5c3d4b6a', connection: 'staff' as const, prefill: { name: 'Ada Lovelace', email: 'ada@example.ac.uk' } };

describe('launch tokens (the sealed identity carried from the launch to the form)', () => {
  it('round-trips the minimal identity, unreadable in transit', async () => {
    const token = await sealLaunchToken(id, SECRET);
    assert.equal(token.split('.').length, 5, 'compact JWE');
    assert.ok(!Buffer.from(token.split('.')[3]!, 'base64url').toString('latin1').includes('Ada'));
    assert.deepEqual(await openLaunchToken(token, SECRET), id);
  });

  it('opens to null when tampered with, sealed with another secret, expired, malformed or not an identity', async () => {
    const token = await sealLaunchToken(id, SECRET);
    const parts = token.split('.');
    parts[3] = `${parts[3]!.slice(0, -2)}${parts[3]!.endsWith('AA') ? 'BB' : 'AA'}`;
    assert.equal(await openLaunchToken(parts.join('.'), SECRET), null);
    assert.equal(await openLaunchToken(token, `${SECRET}-other`), null);
    assert.equal(await openLaunchToken('not a token', SECRET), null);
    const expired = await new EncryptJWT({ ...id })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setAudience('harbour:lti-launch')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3 * 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .encrypt(toolKey(SECRET, 'launch'));
    assert.equal(await openLaunchToken(expired, SECRET), null);
    const notIdentity = await new EncryptJWT({ institutionId: id.institutionId, connection: 'administrator' })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setAudience('harbour:lti-launch')
      .setExpirationTime('1h')
      .encrypt(toolKey(SECRET, 'launch'));
    assert.equal(await openLaunchToken(notIdentity, SECRET), null);
  });

  it('maps roles: staff for teaching, staff and admin roles (URIs, simple names, Moodle’s URNs); student otherwise', () => {
    const m = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
    assert.equal(connectionFromRoles([`${m}Learner`]), 'student');
    assert.equal(connectionFromRoles([`${m}Instructor`]), 'staff');
    assert.equal(connectionFromRoles([`${m}Instructor#TeachingAssistant`]), 'staff');
    assert.equal(connectionFromRoles(['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Staff']), 'staff');
    assert.equal(connectionFromRoles(['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student']), 'student');
    assert.equal(connectionFromRoles(['urn:lti:sysrole:ims/lis/Administrator']), 'staff');
    assert.equal(connectionFromRoles(['Instructor']), 'staff');
    assert.equal(connectionFromRoles([`${m}Mentor`, 'http://purl.imsglobal.org/vocab/lis/v2/system/person#User']), 'student');
    assert.equal(connectionFromRoles(undefined), 'student');
  });
});
