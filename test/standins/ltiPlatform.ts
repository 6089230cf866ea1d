import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Request, type Response } from 'express';
import { SignJWT, createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/**
 * A stand-in for a Moodle 4.5 site acting as an LTI 1.3 platform, on 127.0.0.1. It has its own RSA
 * key and JWKS (`/mod/lti/certs.php`), answers OIDC authorisation requests the way
 * `mod/lti/auth.php` does (checking scope, response type, client id, the registered redirect URI,
 * login hint, message hint, nonce, state, prompt=none and response_mode=form_post, then posting a
 * signed id_token with Moodle-shaped claims), implements dynamic registration
 * (`openid-configuration.php`, `openid-registration.php`, tools left pending) and checks deep-linking
 * responses against the tool's JWKS (`contentitem_return.php`). Tests use `sign` and `otherKey`
 * for attacks.
 */

const CLAIM = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL_CLAIM = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
export const ROLE = {
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  siteAdmin: 'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator',
  institutionAdmin: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
};

export interface MoodleUser {
  id: string;
  username: string;
  givenName: string;
  familyName: string;
  email: string;
  roles: string[];
}

/** A tool type as Moodle stores it (mod_lti `lti_types` + config). */
export interface ToolType {
  typeId: number;
  clientId: string;
  deploymentId: string;
  state: 'pending' | 'configured';
  loginUrl: string;
  redirectUris: string[];
  jwksUrl: string;
  toolUrl: string;
  deepLinkUrl?: string;
  sendName: boolean;
  sendEmail: boolean;
  registration?: Record<string, unknown>;
}

interface Session {
  user: MoodleUser;
  tool: ToolType;
  messageHint?: string;
  kind: 'resource' | 'deep-link';
  course: { id: string; shortname: string; fullname: string };
  cmid: string;
}

export interface AuthRequestSeen {
  query: Record<string, string>;
  accepted: boolean;
  error?: string;
}

export class LtiPlatformStandin {
  issuer = '';
  readonly tools: ToolType[] = [];
  readonly authRequests: AuthRequestSeen[] = [];
  readonly deepLinkResponses: { payload: JWTPayload; items: unknown[] }[] = [];
  /** Changes the next id_token's claims or header before it is signed (for attack tests). */
  tamper: ((claims: Record<string, unknown>, header: { alg: string; kid?: string }) => void) | null = null;
  private server!: Server;
  private key!: CryptoKey;
  private publicKey!: CryptoKey;
  private jwk!: JWK;
  /** The kid of the site's signing key (in its JWKS). */
  readonly keyId = crypto.randomBytes(8).toString('hex');
  private readonly sessions = new Map<string, Session>();
  private readonly usedRegistrationTokens = new Set<string>();
  private nextTypeId = 1;

  /** Starts the stand-in on an ephemeral 127.0.0.1 port. */
  static async start(siteName = 'Harbour Test Moodle'): Promise<LtiPlatformStandin> {
    const p = new LtiPlatformStandin(siteName);
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    p.key = privateKey;
    p.publicKey = publicKey;
    p.jwk = { ...(await exportJWK(publicKey)), kid: p.keyId, alg: 'RS256', use: 'sig' };
    await new Promise<void>((resolve) => {
      p.server = p.app().listen(0, '127.0.0.1', () => resolve());
    });
    p.server.keepAliveTimeout = 60_000;
    p.issuer = `http://127.0.0.1:${(p.server.address() as AddressInfo).port}`;
    return p;
  }

  private constructor(readonly siteName: string) {}

  get urls() {
    const at = (path: string) => `${this.issuer}${path}`;
    return {
      auth: at('/mod/lti/auth.php'),
      token: at('/mod/lti/token.php'),
      jwks: at('/mod/lti/certs.php'),
      openidConfiguration: at('/mod/lti/openid-configuration.php'),
      registration: at('/mod/lti/openid-registration.php'),
    };
  }

  close = (): Promise<void> => new Promise((resolve) => this.server.close(() => resolve()));

  /** What an admin does in "configure a tool manually": Moodle assigns the client and deployment ids. */
  addTool(t: { loginUrl: string; redirectUris: string[]; jwksUrl: string; toolUrl: string; deepLinkUrl?: string; sendName?: boolean; sendEmail?: boolean }): ToolType {
    const tool: ToolType = {
      typeId: this.nextTypeId,
      clientId: crypto.randomBytes(8).toString('base64url'),
      deploymentId: String(this.nextTypeId++),
      state: 'configured',
      sendName: true,
      sendEmail: true,
      ...t,
    };
    this.tools.push(tool);
    return tool;
  }

  /** The admin activates a dynamically registered tool (Moodle leaves it pending). */
  activate(clientId: string): void {
    const tool = this.tools.find((t) => t.clientId === clientId);
    if (!tool) throw new Error(`no tool ${clientId}`);
    tool.state = 'configured';
  }

  /**
   * What Moodle's "Add LTI Advantage" does with the tool URL: appends the configuration URL and a
   * fresh registration token (a JWT signed by the site, sub = the client id it will issue).
   */
  async registrationUrl(toolRegisterUrl: string): Promise<string> {
    const token = await new SignJWT({ scope: 'reg' })
      .setProtectedHeader({ alg: 'RS256', kid: this.keyId })
      .setSubject(crypto.randomBytes(8).toString('base64url'))
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(this.key);
    const u = new URL(toolRegisterUrl);
    u.searchParams.set('openid_configuration', this.urls.openidConfiguration);
    u.searchParams.set('registration_token', token);
    return u.href;
  }

  /**
   * A user opens the tool in a course (resource link) or a teacher adds it (deep linking): what
   * Moodle's launch.php posts to the tool's login URL, and the Moodle session cookie the browser holds.
   */
  beginLaunch(tool: ToolType, user: MoodleUser, kind: 'resource' | 'deep-link' = 'resource', course = { id: '2', shortname: 'PSY101', fullname: 'Psychology 101' }) {
    if (tool.state !== 'configured') throw new Error('Moodle does not launch a pending tool');
    const sessionId = crypto.randomBytes(16).toString('hex');
    const cmid = kind === 'resource' ? String(100 + tool.typeId) : '0';
    this.sessions.set(sessionId, { user, tool, kind, course, cmid, messageHint: cmid });
    return {
      loginUrl: tool.loginUrl,
      form: {
        iss: this.issuer,
        target_link_uri: kind === 'resource' ? tool.toolUrl : (tool.deepLinkUrl ?? tool.toolUrl),
        login_hint: user.id,
        lti_message_hint: cmid,
        client_id: tool.clientId,
        lti_deployment_id: tool.deploymentId,
      },
      cookie: { name: 'MoodleSession', value: sessionId },
    };
  }

  /** Signs any payload with the site's key (default) or another; `kid: null` leaves the kid out. */
  async sign(payload: Record<string, unknown>, o: { key?: CryptoKey; kid?: string | null } = {}): Promise<string> {
    const kid = o.kid === null ? {} : { kid: o.kid ?? this.keyId };
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...kid }).sign(o.key ?? this.key);
  }

  /** A second RSA key, not in this site's JWKS (another platform's). */
  otherKey = async (): Promise<CryptoKey> => (await generateKeyPair('RS256')).privateKey;

  /** The claims Moodle 4.5 puts in an id_token for this session (see mod/lti/locallib.php). */
  claimsFor(s: Session, nonce: string): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    const returnUrl = `${this.issuer}/mod/lti/return.php?course=${s.course.id}&launch_container=3&instanceid=${s.cmid}&sesskey=abc123`;
    const claims: Record<string, unknown> = {
      nonce,
      iat: now,
      exp: now + 60,
      iss: this.issuer,
      aud: s.tool.clientId,
      [`${CLAIM}deployment_id`]: s.tool.deploymentId,
      [`${CLAIM}target_link_uri`]: s.kind === 'resource' ? s.tool.toolUrl : (s.tool.deepLinkUrl ?? s.tool.toolUrl),
      sub: s.user.id,
      [`${CLAIM}lis`]: { person_sourcedid: '', course_section_sourcedid: '' },
      [`${CLAIM}roles`]: s.user.roles,
      [`${CLAIM}context`]: { id: s.course.id, label: s.course.shortname, title: s.course.fullname, type: ['CourseSection'] },
      [`${CLAIM}ext`]: { user_username: s.user.username, lms: 'moodle-2' },
      [`${CLAIM}launch_presentation`]: { locale: 'en', document_target: 'iframe', return_url: returnUrl },
      [`${CLAIM}tool_platform`]: { product_family_code: 'moodle', version: '2024100700', guid: new URL(this.issuer).host, name: this.siteName, description: this.siteName },
      [`${CLAIM}version`]: '1.3.0',
      [`${CLAIM}message_type`]: s.kind === 'resource' ? 'LtiResourceLinkRequest' : 'LtiDeepLinkingRequest',
    };
    if (s.tool.sendName) Object.assign(claims, { given_name: s.user.givenName, family_name: s.user.familyName, name: `${s.user.givenName} ${s.user.familyName}` });
    if (s.tool.sendEmail) claims.email = s.user.email;
    if (s.kind === 'resource') claims[`${CLAIM}resource_link`] = { title: 'Report an incident', description: '', id: s.cmid };
    else
      claims[`${DL_CLAIM}deep_linking_settings`] = {
        deep_link_return_url: `${this.issuer}/mod/lti/contentitem_return.php?course=${s.course.id}&id=${s.tool.typeId}&sesskey=abc123`,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['frame', 'iframe', 'window'],
        accept_copy_advice: false,
        accept_multiple: true,
        accept_unsigned: false,
        auto_create: false,
        can_confirm: false,
        accept_lineitem: true,
        title: '',
        text: '',
      };
    return claims;
  }

  private app() {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.get('/mod/lti/certs.php', (_req, res) => res.json({ keys: [this.jwk] }));
    app.get('/mod/lti/openid-configuration.php', (_req, res) =>
      res.json({
        issuer: this.issuer,
        token_endpoint: this.urls.token,
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
        token_endpoint_auth_signing_alg_values_supported: ['RS256'],
        jwks_uri: this.urls.jwks,
        authorization_endpoint: this.urls.auth,
        registration_endpoint: this.urls.registration,
        scopes_supported: ['openid'],
        response_types_supported: ['id_token'],
        subject_types_supported: ['public', 'pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        claims_supported: ['sub', 'iss', 'name', 'given_name', 'family_name', 'email'],
        'https://purl.imsglobal.org/spec/lti-platform-configuration': {
          product_family_code: 'moodle',
          version: '4.5 (Build: 20241007)',
          messages_supported: ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'],
          placements: ['AddContentMenu'],
          variables: [],
        },
      }),
    );
    app.post('/mod/lti/openid-registration.php', express.json(), (req, res) => this.register(req, res));
    app.all('/mod/lti/auth.php', (req, res) => this.authorize(req, res));
    app.post('/mod/lti/contentitem_return.php', (req, res) => this.deepLinkReturn(req, res));
    return app;
  }

  private async register(req: Request, res: Response) {
    const auth = req.get('authorization') ?? '';
    if (!auth.startsWith('Bearer ')) return res.status(401).send('missing_registration_token');
    const token = auth.slice(7).trim();
    let clientId: string;
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { algorithms: ['RS256'] });
      clientId = String(payload.sub);
    } catch {
      return res.status(401).send('invalid_registration_token');
    }
    if (this.usedRegistrationTokens.has(token) || this.tools.some((t) => t.clientId === clientId)) return res.status(401).send('token_already_used');
    const r = (req.body ?? {}) as Record<string, any>;
    const config = r['https://purl.imsglobal.org/spec/lti-tool-configuration'] as Record<string, any> | undefined;
    for (const field of ['response_types', 'initiate_login_uri', 'redirect_uris', 'client_name', 'jwks_uri', 'token_endpoint_auth_method'])
      if (!r[field] || (Array.isArray(r[field]) && !r[field].length)) return res.status(400).send(`missing required attribute ${field}`);
    if (!config?.domain || !config.target_link_uri) return res.status(400).send('missing required attribute domain/target_link_uri');
    if (!r.response_types.includes('id_token')) return res.status(400).send('invalid_response_types');
    if (!Array.isArray(r.redirect_uris)) return res.status(400).send('invalid_redirect_uris');
    if (r.token_endpoint_auth_method !== 'private_key_jwt') return res.status(400).send('invalid_token_endpoint_auth_method');
    if (r.application_type && r.application_type !== 'web') return res.status(400).send('invalid_application_type');
    this.usedRegistrationTokens.add(token);
    const deepLink = (config.messages ?? []).find((m: { type: string }) => m.type === 'LtiDeepLinkingRequest');
    const claims: string[] = config.claims ?? [];
    const tool: ToolType = {
      typeId: this.nextTypeId,
      clientId,
      deploymentId: String(this.nextTypeId++),
      state: 'pending',
      loginUrl: r.initiate_login_uri,
      redirectUris: r.redirect_uris,
      jwksUrl: r.jwks_uri,
      toolUrl: config.target_link_uri,
      deepLinkUrl: deepLink?.target_link_uri,
      sendName: ['name', 'given_name', 'family_name'].some((c) => claims.includes(c)),
      sendEmail: claims.includes('email'),
      registration: r,
    };
    this.tools.push(tool);
    res.json({
      client_id: clientId,
      ...{ response_types: ['id_token'], jwks_uri: tool.jwksUrl, initiate_login_uri: tool.loginUrl, grant_types: ['client_credentials', 'implicit'] },
      ...{ redirect_uris: tool.redirectUris, application_type: 'web', token_endpoint_auth_method: 'private_key_jwt', scope: '' },
      ...{ client_name: r.client_name, logo_uri: r.logo_uri ?? '' },
      'https://purl.imsglobal.org/spec/lti-tool-configuration': {
        ...{ deployment_id: tool.deploymentId, target_link_uri: tool.toolUrl, domain: config.domain, description: config.description ?? '' },
        claims: ['sub', 'iss', ...(tool.sendName ? ['name', 'family_name', 'middle_name'] : []), ...(tool.sendEmail ? ['email'] : [])],
        ...(deepLink ? { messages: [{ type: 'LtiDeepLinkingRequest', target_link_uri: tool.deepLinkUrl }] } : {}),
      },
    });
  }

  private async authorize(req: Request, res: Response) {
    const q = Object.fromEntries(Object.entries({ ...req.query, ...(req.body ?? {}) }).map(([k, v]) => [k, String(v)]));
    const seen: AuthRequestSeen = { query: q, accepted: false };
    this.authRequests.push(seen);
    const session = this.sessions.get(cookie(req, 'MoodleSession') ?? '');
    if (!session) return res.status(401).send('<p>You are not logged in to Moodle.</p>');
    const tool = this.tools.find((t) => t.clientId === q.client_id);
    // Moodle cannot trust a redirect URI it did not register: an error page, not a form post.
    if (!tool || !q.redirect_uri || !tool.redirectUris.includes(q.redirect_uri)) {
      seen.error = 'invalidrequest';
      return res.status(400).send('<p>Invalid request (redirect_uri)</p>');
    }
    let error: string | undefined;
    const required = ['scope', 'response_type', 'client_id', 'redirect_uri', 'login_hint', 'nonce', 'state'];
    if (required.some((k) => !q[k]) || !session.messageHint) error = 'invalid_request';
    else if (q.scope !== 'openid') error = 'invalid_scope';
    else if (q.response_type !== 'id_token') error = 'unsupported_response_type';
    else if (q.lti_message_hint !== session.messageHint) error = 'invalid_request';
    else if (q.client_id !== session.tool.clientId) error = 'unauthorized_client';
    else if (q.login_hint !== session.user.id) error = 'access_denied';
    else if (q.response_mode !== 'form_post') error = 'invalid_request';
    else if (q.prompt !== 'none') error = 'invalid_request';
    delete session.messageHint;
    const fields: Record<string, string> = {};
    if (error) {
      seen.error = error;
      fields.error = error;
    } else {
      seen.accepted = true;
      const claims = this.claimsFor(session, q.nonce!);
      const header: { alg: string; kid?: string } = { alg: 'RS256', kid: this.keyId };
      this.tamper?.(claims, header);
      this.tamper = null;
      fields.id_token = header.alg === 'RS256' ? await this.sign(claims, { kid: header.kid ?? null }) : unsigned(claims, header);
    }
    if (q.state) fields.state = q.state;
    res.type('html').send(autoPostForm(q.redirect_uri, fields));
  }

  private async deepLinkReturn(req: Request, res: Response) {
    const tool = this.tools.find((t) => String(t.typeId) === String(req.query.id));
    if (!tool) return res.status(400).send('unknown tool type');
    try {
      const { payload, protectedHeader } = await jwtVerify(String(req.body?.JWT ?? ''), createRemoteJWKSet(new URL(tool.jwksUrl)), {
        algorithms: ['RS256'],
        issuer: tool.clientId,
        audience: this.issuer,
      });
      if (!protectedHeader.kid) throw new Error('no kid');
      if (!payload.nonce) throw new Error('no nonce');
      if (payload[`${CLAIM}message_type`] !== 'LtiDeepLinkingResponse') throw new Error('wrong message type');
      if (payload[`${CLAIM}version`] !== '1.3.0') throw new Error('wrong version');
      if (payload[`${CLAIM}deployment_id`] !== tool.deploymentId) throw new Error('wrong deployment');
      const items = (payload[`${DL_CLAIM}content_items`] ?? []) as unknown[];
      this.deepLinkResponses.push({ payload, items });
      res.send(`<p>${items.length} item(s) added.</p>`);
    } catch (err) {
      res.status(400).send(`Deep linking response refused: ${(err as Error).message}`);
    }
  }
}

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function unsigned(claims: Record<string, unknown>, header: { alg: string; kid?: string }): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ ...header, typ: 'JWT' })}.${b64(claims)}.`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The self-submitting form Moodle's auth.php answers with (response_mode=form_post). */
function autoPostForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `  <input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}"/>`)
    .join('\n');
  return `<form action="${escapeHtml(action)}" name="ltiAuthForm" id="ltiAuthForm" method="post" enctype="application/x-www-form-urlencoded">\n${inputs}\n</form>\n<script>document.ltiAuthForm.submit();</script>\n`;
}
