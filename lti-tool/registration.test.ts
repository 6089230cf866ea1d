import assert from 'node:assert/strict';
import { makeInstitution } from '../test/factories.ts';
import { TestBrowser } from './testing/browser.ts';
import { launchThrough, moodleUser, startHarness, type Harness } from './testing/harness.ts';
import { toolUrls } from './toolValues.ts';

describe('LTI Dynamic Registration (Moodle "Add LTI Advantage")', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('registers Harbour with the platform, records it for the only institution, and closes Moodle’s panel on Finish', async () => {
    const u = toolUrls(h.publicUrl);
    const res = await new TestBrowser().get(await h.platform.registrationUrl(u.registerUrl));
    const html = await res.text();
    assert.equal(res.status, 200, html.slice(0, 500));
    assert.match(html, /org\.imsglobal\.lti\.close/);
    assert.match(html, /Pending/);
    assert.match(res.headers.get('content-security-policy')!, new RegExp(`frame-ancestors 'self' [^;]*${h.platform.issuer.replace(/\./g, '\\.')}`));
    assert.equal(res.headers.get('x-frame-options'), null);

    const tool = h.platform.tools.at(-1)!;
    assert.equal(tool.state, 'pending');
    const reg = tool.registration!;
    assert.equal(reg.initiate_login_uri, u.loginUrl);
    assert.deepEqual(reg.redirect_uris, [u.toolUrl]);
    assert.equal(reg.jwks_uri, u.keysUrl);
    assert.equal(reg.logo_uri, u.iconUrl);
    assert.equal(reg.token_endpoint_auth_method, 'private_key_jwt');
    const config = reg['https://purl.imsglobal.org/spec/lti-tool-configuration'] as { messages: { type: string }[]; claims: string[]; target_link_uri: string };
    assert.deepEqual(config.messages.map((m) => m.type), ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest']);
    assert.deepEqual(config.claims, ['iss', 'sub', 'name', 'given_name', 'family_name', 'email']);
    assert.equal(config.target_link_uri, u.toolUrl);

    const row = (await h.db.query<{ institution_id: string; deployment_ids: string[]; source: string }>('SELECT * FROM lti_platforms WHERE client_id = $1', [tool.clientId])).rows[0]!;
    assert.deepEqual(row, { ...row, institution_id: h.institution.id, deployment_ids: [tool.deploymentId], source: 'dynamic' });
    const settings = (await h.db.query<{ s: { frameAncestors: string[] } }>('SELECT settings AS s FROM institutions WHERE id = $1', [h.institution.id])).rows[0]!.s;
    assert.ok(settings.frameAncestors.includes(h.platform.issuer), 'the Moodle origin may frame Harbour');

    // Moodle keeps the tool pending until its admin activates it; then launches work end to end.
    assert.throws(() => h.platform.beginLaunch(tool, moodleUser()), /pending/);
    h.platform.activate(tool.clientId);
    const steps = await launchThrough(h.platform, tool, moodleUser());
    assert.equal(steps.launch.status, 303);
  });

  it('refuses a used registration token with a page that says what to do', async () => {
    const url = await h.platform.registrationUrl(toolUrls(h.publicUrl).registerUrl);
    assert.equal((await new TestBrowser().get(url)).status, 200);
    const again = await new TestBrowser().get(url);
    const html = await again.text();
    assert.equal(again.status, 502);
    assert.match(html, /data-refusal="registration_failed"[\s\S]*token_already_used/);
  });

  it('refuses a configuration whose issuer is not the site it was read from', async () => {
    const url = new URL(await h.platform.registrationUrl(toolUrls(h.publicUrl).registerUrl));
    url.searchParams.set('openid_configuration', url.searchParams.get('openid_configuration')!.replace('127.0.0.1', 'localhost'));
    const res = await new TestBrowser().get(url.href);
    assert.equal(res.status, 502);
    assert.match(await res.text(), /registration_failed[\s\S]*is not the site it was read from/);
  });

  it('asks which institution when there are several, and registers for the one named', async () => {
    const second = await makeInstitution(h.core, 'Second University');
    const u = toolUrls(h.publicUrl);
    const unnamed = await new TestBrowser().get(await h.platform.registrationUrl(u.registerUrl));
    assert.equal(unnamed.status, 400);
    assert.match(await unnamed.text(), /data-refusal="institution_unknown"[\s\S]*institution(=|&#x3D;)your-slug/);
    const named = await new TestBrowser().get(await h.platform.registrationUrl(`${u.registerUrl}?institution=${second.slug}`));
    assert.equal(named.status, 200, await named.text());
    const clientId = h.platform.tools.at(-1)!.clientId;
    const row = (await h.db.query<{ institution_id: string }>('SELECT institution_id FROM lti_platforms WHERE client_id = $1', [clientId])).rows[0]!;
    assert.equal(row.institution_id, second.id);
  });

  it('explains itself when opened without a platform configuration', async () => {
    const res = await new TestBrowser().get(toolUrls(h.publicUrl).registerUrl);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /data-refusal="not_for_browsers"[\s\S]*Add LTI Advantage/);
  });
});
