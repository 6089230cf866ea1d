import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { LtiPlatformStandin, type ToolType } from '../test/standins/ltiPlatform.ts';
import { captureLog, makeInstitution } from '../test/factories.ts';
import { TestBrowser } from './testing/browser.ts';
import { launchThrough, moodleUser, registerManually, startHarness, type Harness } from './testing/harness.ts';

const CLAIM = 'https://purl.imsglobal.org/spec/lti/claim/';

/** Row counts of every table in the public schema, and of each ltijs collection. */
async function counts(h: Harness): Promise<Map<string, number>> {
  const tables = (await h.db.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'")).rows.map((r) => r.t);
  const out = new Map<string, number>();
  for (const t of tables) out.set(t, (await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t}"`)).rows[0]!.n);
  const store = await h.db.query<{ c: string; n: number }>('SELECT collection AS c, count(*)::int AS n FROM lti_store GROUP BY collection');
  for (const r of store.rows) out.set(`lti_store:${r.c}`, r.n);
  return out;
}

/** No table (nor any ltijs collection) gained a row. */
function assertNothingStored(before: Map<string, number>, after: Map<string, number>) {
  for (const [t, n] of after) assert.ok(n <= (before.get(t) ?? 0), `${t} grew from ${before.get(t) ?? 0} to ${n}`);
}

async function assertRefused(res: globalThis.Response, status: number, code: string): Promise<string> {
  const html = await res.text();
  assert.equal(res.status, status, html.slice(0, 400));
  assert.match(html, new RegExp(`data-refusal="${code}"`), html.slice(0, 400));
  assert.match(html, /href="\/report"/, 'offers the public form');
  assert.equal(res.headers.get('location'), null);
  return html;
}

describe('LTI launch attacks: each refused with a page, nothing stored', () => {
  let h: Harness;
  let tool: ToolType;
  const log = captureLog();
  before(async () => {
    h = await startHarness({ logger: log.log });
    tool = await registerManually(h);
  });
  after(() => h.close());

  /** Runs a launch whose last step is changed; counts rows just before that step is posted. */
  async function attack(o: Parameters<typeof launchThrough>[3], status: number, code: string, why?: RegExp) {
    const logged = log.lines.length;
    let before = new Map<string, number>();
    const steps = await launchThrough(h.platform, tool, moodleUser('instructor'), {
      ...o,
      change: async (f) => {
        await o?.change?.(f);
        before = await counts(h);
      },
    });
    const html = await assertRefused(steps.launch, status, code);
    assertNothingStored(before, await counts(h));
    if (why) assert.match(`${html}\n${log.lines.slice(logged).join('')}`, why);
  }
  const tamper = (fn: NonNullable<LtiPlatformStandin['tamper']>) => {
    h.platform.tamper = fn;
  };

  it('the control: an untouched launch is accepted', async () => {
    const steps = await launchThrough(h.platform, tool, moodleUser());
    assert.equal(steps.launch.status, 303);
  });

  it('a forged signature', async () => {
    await attack({ change: (f) => void (f.id_token = `${f.id_token!.slice(0, -8)}${f.id_token!.endsWith('AAAAAAAA') ? 'BBBBBBBB' : 'AAAAAAAA'}`) }, 401, 'invalid_launch', /invalid signature/);
  });

  it('a claim changed under the original signature (a learner made administrator)', async () => {
    await attack(
      {
        change: (f) => {
          const [head, , sig] = f.id_token!.split('.');
          const claims = { ...decodeJwt(f.id_token!), [`${CLAIM}roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator'] };
          f.id_token = `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
        },
      },
      401,
      'invalid_launch',
      /invalid signature/,
    );
  });

  it('alg: none', async () => {
    tamper((_c, header) => void (header.alg = 'none'));
    await attack({}, 401, 'invalid_launch', /not signed with RS256/);
  });

  it('a token with no kid', async () => {
    tamper((_c, header) => void delete header.kid);
    await attack({}, 401, 'invalid_launch', /names no signing key/);
  });

  it("a key from another platform, under this platform's kid and under its own", async () => {
    const other = await h.platform.otherKey();
    for (const [kid, why] of [[h.platform.keyId, /invalid signature/], ['another-platforms-key', /KEY_NOT_FOUND/]] as const)
      await attack({ change: async (f) => void (f.id_token = await h.platform.sign(decodeJwt(f.id_token!), { key: other, kid })) }, 401, 'invalid_launch', why);
  });

  it('a wrong audience', async () => {
    tamper((c) => void (c.aud = 'some-other-tool'));
    await attack({}, 401, 'invalid_launch', /not addressed to Harbour/);
  });

  it('a wrong issuer', async () => {
    tamper((c) => void (c.iss = 'https://moodle.attacker.example'));
    await attack({}, 401, 'invalid_launch', /different Moodle site/);
  });

  it('several audiences and an azp for another tool (or none)', async () => {
    tamper((c) => Object.assign(c, { aud: [tool.clientId, 'other-tool'], azp: 'other-tool' }));
    await attack({}, 401, 'invalid_launch', /authorised for another tool/);
    tamper((c) => void (c.aud = [tool.clientId, 'other-tool']));
    await attack({}, 401, 'invalid_launch', /authorised for another tool/);
  });

  it('an expired token', async () => {
    tamper((c) => Object.assign(c, { iat: Math.floor(Date.now() / 1000) - 120, exp: Math.floor(Date.now() / 1000) - 60 }));
    await attack({}, 401, 'expired');
  });

  it('a token issued too long ago (exp still in the future)', async () => {
    tamper((c) => Object.assign(c, { iat: Math.floor(Date.now() / 1000) - 45 }));
    await attack({}, 401, 'expired');
  });

  it('a replayed launch: the same id_token and state posted again', async () => {
    const browser = new TestBrowser();
    let captured: Record<string, string> = {};
    const first = await launchThrough(h.platform, tool, moodleUser(), { browser, change: (f) => void (captured = { ...f }) });
    assert.equal(first.launch.status, 303);
    const before = await counts(h);
    await assertRefused(await browser.post(`${h.baseUrl}/lti/launch`, captured), 401, 'expired');
    assertNothingStored(before, await counts(h));
  });

  it("a replayed nonce: an earlier id_token answering a new sign-in's state", async () => {
    let earlier = '';
    await launchThrough(h.platform, tool, moodleUser(), { change: (f) => void (earlier = f.id_token!) });
    await attack({ change: (f) => void (f.id_token = earlier) }, 401, 'invalid_launch', /does not answer Harbour’s sign-in request/);
  });

  it('a state that does not match the one this browser started', async () => {
    await attack({ change: (f) => void (f.state = `${f.state}x`) }, 401, 'invalid_launch', /does not match the sign-in your browser started/);
  });

  it('a missing state cookie (a browser blocking cookies in the frame) gets guidance and a new-tab link', async () => {
    const browser = new TestBrowser();
    await attack({ browser, change: () => browser.clearCookies(h.baseUrl) }, 401, 'missing_state_cookie', /allow cookies[\s\S]*href="\/report" target="_blank"/);
  });

  it('an unknown deployment id', async () => {
    tamper((c) => void (c[`${CLAIM}deployment_id`] = '999'));
    await attack({}, 403, 'unknown_deployment');
  });

  it('a wrong message type, and a wrong LTI version', async () => {
    tamper((c) => void (c[`${CLAIM}message_type`] = 'LtiSubmissionReviewRequest'));
    await attack({}, 400, 'wrong_message');
    tamper((c) => void (c[`${CLAIM}version`] = '1.1.0'));
    await attack({}, 400, 'wrong_message');
  });

  it("a launch for another institution's platform", async () => {
    const otherInstitution = await makeInstitution(h.core, 'Other University');
    const otherSite = await LtiPlatformStandin.start('Other Moodle');
    try {
      await registerManually(h, otherInstitution.slug, otherSite);
      // The other institution's Moodle signs a perfectly valid token for the sign-in this site began.
      await attack(
        {
          change: async (f) => {
            const claims = decodeJwt(f.id_token!);
            f.id_token = await otherSite.sign({ ...claims, iss: otherSite.issuer });
          },
        },
        401,
        'invalid_launch',
      );
      // The same Moodle site, but the other institution's tool registration (its client and deployment).
      const theirs = await registerManually(h, otherInstitution.slug);
      await attack(
        {
          change: async (f) => {
            const claims = decodeJwt(f.id_token!);
            f.id_token = await h.platform.sign({ ...claims, aud: theirs.clientId, [`${CLAIM}deployment_id`]: theirs.deploymentId });
          },
        },
        401,
        'invalid_launch',
      );
    } finally {
      await otherSite.close();
    }
  });

  it('a login from an unregistered Moodle site is refused before any redirect', async () => {
    const stranger = await LtiPlatformStandin.start('Unregistered Moodle');
    try {
      const unregistered = stranger.addTool({ loginUrl: `${h.baseUrl}/lti/login`, redirectUris: [`${h.baseUrl}/lti/launch`], jwksUrl: `${h.baseUrl}/lti/keys`, toolUrl: `${h.baseUrl}/lti/launch` });
      const steps = await launchThrough(stranger, unregistered, moodleUser());
      await assertRefused(steps.login, 403, 'unknown_platform');
    } finally {
      await stranger.close();
    }
  });

  it('a login naming an unknown deployment, or a target link that is not Harbour’s', async () => {
    const browser = new TestBrowser();
    const start = h.platform.beginLaunch(tool, moodleUser());
    await assertRefused(await browser.post(start.loginUrl, { ...start.form, lti_deployment_id: '999' }), 403, 'unknown_deployment');
    await assertRefused(await browser.post(start.loginUrl, { ...start.form, target_link_uri: 'https://evil.example/steal' }), 401, 'invalid_launch');
  });

  it('Moodle refusing the sign-in (an OIDC error posted back) gets a page, not a crash', async () => {
    const user = moodleUser();
    const start = h.platform.beginLaunch(tool, user);
    const browser = new TestBrowser();
    browser.setCookie(h.platform.issuer, start.cookie.name, start.cookie.value);
    const login = await browser.post(start.loginUrl, { ...start.form, login_hint: 'someone-else' });
    const auth = await browser.follow(login, start.loginUrl);
    assert.equal(h.platform.authRequests.at(-1)!.error, 'access_denied');
    const { res } = await browser.submit(await auth.text(), h.platform.issuer);
    await assertRefused(res, 400, 'platform_error');
  });
});
