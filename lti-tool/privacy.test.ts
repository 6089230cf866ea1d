import assert from 'node:assert/strict';
import { submitReport } from '../core/commands/reportSubmitter.ts';
import { publicActor, sampleReport } from '../test/factories.ts';
import { openLaunchToken } from './launchToken.ts';
import { launchThrough, moodleUser, registerManually, SECRET, startHarness, type Harness } from './testing/harness.ts';

/** Every table in the public schema whose row, all columns cast to text (bytea as hex too), contains the needle. */
async function tablesContaining(h: Harness, needle: string): Promise<string[]> {
  const tables = (await h.db.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).rows.map((r) => r.t);
  const hex = Buffer.from(needle).toString('hex');
  const found: string[] = [];
  for (const t of tables) {
    const r = await h.db.query(`SELECT 1 FROM "${t}" x WHERE strpos(lower(x::text), lower($1)) > 0 OR strpos(x::text, $2) > 0 LIMIT 1`, [needle, hex]);
    if (r.rows.length) found.push(t);
  }
  return found;
}

describe('Privacy: an anonymous report from Moodle stores nothing of the launch', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  for (const stray of [false, true]) {
    it(`launch, submit anonymously${stray ? ' (even with the prefill sent along by mistake)' : ''}, then no table holds the sub, name or email`, async () => {
      const tool = await registerManually(h);
      const user = moodleUser('learner');
      const steps = await launchThrough(h.platform, tool, user);
      assert.equal(steps.launch.status, 303);
      const identity = await openLaunchToken(new URL(steps.launch.headers.get('location')!, h.baseUrl).searchParams.get('launch')!, SECRET);
      assert.ok(identity?.prefill?.email, 'the launch carried a name and email to offer');

      const submitted = await submitReport(
        h.core,
        publicActor(identity.institutionId),
        sampleReport({
          kind: 'anonymous',
          channel: 'lti',
          connection: identity.connection,
          reporter: stray ? { name: identity.prefill!.name!, email: identity.prefill!.email } : undefined,
        }),
      );
      assert.match(submitted.reference, /^HR-/);

      const needles = [user.id, `${user.givenName} ${user.familyName}`, user.givenName, user.familyName, user.email, user.username];
      for (const needle of needles) {
        assert.deepEqual(await tablesContaining(h, needle), [], `"${needle}" found`);
        assert.ok(!submitted.recorded.includes(needle), `"${needle}" in the recorded report`);
      }
      // The search does find what is there: the control.
      assert.ok((await tablesContaining(h, identity.institutionId)).includes('cases'));
      assert.ok((await tablesContaining(h, submitted.reference)).includes('cases'));
    });
  }
});
