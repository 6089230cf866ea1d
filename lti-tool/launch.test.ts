import assert from 'node:assert/strict';
import { ROLE } from '../test/standins/ltiPlatform.ts';
import { captureLog } from '../test/factories.ts';
import { openLaunchToken } from './launchToken.ts';
import { launchThrough, moodleUser, registerManually, SECRET, startHarness, type Harness } from './testing/harness.ts';

async function storeCount(h: Harness, collection: string): Promise<number> {
  const r = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM lti_store WHERE collection = $1', [collection]);
  return r.rows[0]!.n;
}

describe('LTI resource-link launch (ltijs end to end against the Moodle stand-in)', () => {
  let h: Harness;
  const log = captureLog();
  before(async () => {
    h = await startHarness({ logger: log.log });
  });
  after(() => h.close());

  it('login → Moodle auth → launch ends in a 303 to /report with a sealed student identity', async () => {
    const tool = await registerManually(h);
    const user = moodleUser('learner');
    const steps = await launchThrough(h.platform, tool, user);
    assert.equal(steps.login.status, 302);
    const seen = h.platform.authRequests.at(-1)!;
    assert.equal(seen.accepted, true, seen.error);
    assert.equal(seen.query.prompt, 'none');
    assert.equal(seen.query.response_mode, 'form_post');
    assert.equal(seen.query.lti_message_hint, '101');
    assert.equal(steps.launch.status, 303);
    const location = new URL(steps.launch.headers.get('location')!, h.baseUrl);
    assert.equal(location.pathname, '/report');
    const identity = await openLaunchToken(location.searchParams.get('launch')!, SECRET);
    assert.deepEqual(identity, {
      institutionId: h.institution.id,
      connection: 'student',
      prefill: { name: `${user.givenName} ${user.familyName}`, email: user.email },
    });
  });

  it('forgets the launch: no id or context token, state or login binding is left in the store', async () => {
    const tool = await registerManually(h);
    const user = moodleUser('learner');
    const steps = await launchThrough(h.platform, tool, user);
    assert.equal(steps.launch.status, 303);
    for (const c of ['idtoken', 'contexttoken', 'login', 'state']) assert.equal(await storeCount(h, c), 0, c);
    const everything = (await h.db.query<{ t: string }>('SELECT row_to_json(s)::text AS t FROM lti_store s')).rows.map((r) => r.t).join('\n');
    assert.ok(!everything.includes(user.email) && !everything.includes(user.givenName), 'no name or email in lti_store');
    const logged = log.lines.join('\n');
    assert.ok(!logged.includes(user.email) && !logged.includes(user.givenName) && !logged.includes(`"${user.id}"`), 'nothing identifying logged');
  });

  it('maps Instructor and administrator roles to staff, Learner to student', async () => {
    const tool = await registerManually(h);
    const cases: [string[], string][] = [
      [[ROLE.instructor], 'staff'],
      [[ROLE.learner, ROLE.siteAdmin, ROLE.institutionAdmin], 'staff'],
      [[ROLE.learner], 'student'],
      [['http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor'], 'student'],
    ];
    for (const [roles, connection] of cases) {
      const steps = await launchThrough(h.platform, tool, moodleUser(roles));
      const token = new URL(steps.launch.headers.get('location')!, h.baseUrl).searchParams.get('launch')!;
      assert.equal((await openLaunchToken(token, SECRET))?.connection, connection, roles.join(' '));
    }
  });

  it('offers no prefill when Moodle shares neither name nor email', async () => {
    const tool = await registerManually(h);
    tool.sendName = false;
    tool.sendEmail = false;
    const steps = await launchThrough(h.platform, tool, moodleUser('learner'));
    const token = new URL(steps.launch.headers.get('location')!, h.baseUrl).searchParams.get('launch')!;
    assert.deepEqual(await openLaunchToken(token, SECRET), { institutionId: h.institution.id, connection: 'student' });
  });

  it('serves its JWKS with one RS256 key per registered platform', async () => {
    const keys = (await (await fetch(`${h.baseUrl}/lti/keys`)).json()) as { keys: { kid: string; alg: string; kty: string; d?: string }[] };
    assert.ok(keys.keys.length >= 1);
    for (const k of keys.keys) {
      assert.equal(k.alg, 'RS256');
      assert.equal(k.kty, 'RSA');
      assert.equal(k.d, undefined, 'no private part');
    }
    const sealed = await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM lti_store WHERE collection IN ('publickey','privatekey') AND (sealed IS NULL OR doc ? 'key')");
    assert.equal(sealed.rows[0]!.n, 0, 'keys are sealed at rest');
  });

  it('lets Moodle frame the pages it shows (no X-Frame-Options, frame-ancestors lists the Moodle site)', async () => {
    const res = await fetch(`${h.baseUrl}/lti/launch`);
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('x-frame-options'), null);
    assert.match(res.headers.get('content-security-policy')!, new RegExp(`frame-ancestors 'self' [^;]*${h.platform.issuer.replace(/[.]/g, '\\.')}`));
    assert.match(await res.text(), /data-refusal="not_for_browsers"[\s\S]*href="\/report"/);
  });
});
