import assert from 'node:assert/strict';
import { makeInstitution } from '../test/factories.ts';
import { ltiCli } from './ltiCli.ts';
import { launchThrough, moodleUser, SECRET, startHarness, type Harness } from './testing/harness.ts';
import { toolUrls } from './toolValues.ts';

describe('npm run cli -- lti …', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  async function run(...argv: string[]): Promise<{ code: number; text: string }> {
    const lines: string[] = [];
    const code = await ltiCli(argv, { db: h.db, publicUrl: h.publicUrl, secret: SECRET, out: (t) => lines.push(t) });
    return { code, text: lines.join('\n') };
  }

  it('prints the exact values for Moodle’s manual tool form', async () => {
    const { code, text } = await run('values');
    const u = toolUrls(h.publicUrl);
    assert.equal(code, 0);
    for (const [label, value] of [
      ['Tool URL', u.toolUrl],
      ['LTI version', 'LTI 1.3'],
      ['Public key type', 'Keyset URL'],
      ['Public keyset', u.keysUrl],
      ['Initiate login URL', u.loginUrl],
      ['Redirection URI\\(s\\)', u.toolUrl],
      ['Supports Deep Linking \\(Content-Item Message\\)', 'Yes'],
      ['Content Selection URL', u.toolUrl],
    ])
      assert.match(text, new RegExp(`^${label}:\\s+${value}$`, 'm'));
    assert.match(text, /lti platform add --institution/);
  });

  it('answers --help for every command, and usage for a wrong one', async () => {
    for (const argv of [['--help'], ['values', '--help'], ['platform', 'add', '--help'], ['platform', 'list', '--help'], ['platform', 'remove', '--help']]) {
      const { code, text } = await run(...argv);
      assert.equal(code, 0, argv.join(' '));
      assert.match(text, /npm run cli -- lti/);
    }
    assert.equal((await run('platform', 'frobnicate')).code, 2);
    const missing = await run('platform', 'add', '--issuer', 'https://moodle.example.ac.uk');
    assert.equal(missing.code, 2);
    assert.match(missing.text, /Missing --institution, --client-id, --deployment-id/);
  });

  it('adds, lists and removes a platform; launches work only while it is registered', async () => {
    const u = toolUrls(h.publicUrl);
    const tool = h.platform.addTool({ loginUrl: u.loginUrl, redirectUris: u.redirectUris, jwksUrl: u.keysUrl, toolUrl: u.toolUrl });
    const added = await run('platform', 'add', '--institution', h.institution.slug, '--issuer', h.platform.issuer, '--client-id', tool.clientId, '--deployment-id', tool.deploymentId);
    assert.equal(added.code, 0, added.text);
    assert.match(added.text, new RegExp(`Registered ${h.platform.issuer} \\(client id ${tool.clientId}, deployment ${tool.deploymentId}\\)`));
    assert.match(added.text, /Initiate login URL:/);
    const id = /Id: ([0-9a-f-]{36})/.exec(added.text)![1]!;

    const more = await run('platform', 'add', '--institution', h.institution.slug, '--issuer', `${h.platform.issuer}/`, '--client-id', tool.clientId, '--deployment-id', '77');
    assert.equal(more.code, 0, more.text);
    const listed = await run('platform', 'list');
    assert.match(listed.text, new RegExp(`${id}  ${h.institution.slug}  ${h.platform.issuer}  client ${tool.clientId}  deployments ${tool.deploymentId},77  manual`));
    assert.equal((await launchThrough(h.platform, tool, moodleUser())).launch.status, 303);

    const other = await makeInstitution(h.core, 'Other University');
    const clash = await run('platform', 'add', '--institution', other.slug, '--issuer', h.platform.issuer, '--client-id', tool.clientId, '--deployment-id', '1');
    assert.equal(clash.code, 1);
    assert.match(clash.text, /already registered for another institution/);

    const removed = await run('platform', 'remove', id);
    assert.equal(removed.code, 0, removed.text);
    const left = await h.db.query("SELECT 1 FROM lti_store WHERE collection IN ('platform','publickey','privatekey') AND doc->>'clientId' = $1", [tool.clientId]);
    assert.equal(left.rows.length, 0, 'ltijs platform and keys removed');
    const after = await launchThrough(h.platform, tool, moodleUser());
    assert.equal(after.login.status, 403);
    assert.match(await after.login.text(), /data-refusal="unknown_platform"/);
    assert.equal((await run('platform', 'remove', id)).code, 1);
  });

  it('refuses an unknown institution with a message naming it', async () => {
    const r = await run('platform', 'add', '--institution', 'nowhere', '--issuer', 'https://moodle.example.ac.uk', '--client-id', 'abc', '--deployment-id', '1');
    assert.equal(r.code, 1);
    assert.match(r.text, /No institution "nowhere"/);
  });
});
