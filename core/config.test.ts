import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from './config.ts';

const key = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
const production = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://harbour.example.ac.uk',
  MASTER_KEYS: key,
  MASTER_KEY_ID: 'k1',
  SESSION_SECRET: 'x'.repeat(40),
  MICROSOFT_TENANT_ID: 'tenant',
  MICROSOFT_CLIENT_ID: 'client',
  MICROSOFT_CLIENT_SECRET: 'secret',
};

describe('configuration', () => {
  it('starts in development with nothing set', () => {
    const c = loadConfig({});
    assert.equal(c.PORT, 3000);
    assert.equal(c.DATA_DIR, './data');
    assert.equal(c.production, false);
  });

  it('names the variable and what it expects', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), (e: Error) => e instanceof ConfigError && /PORT/.test(e.message));
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL: a postgres:\/\/ connection URL/);
    assert.throws(() => loadConfig({ MASTER_KEYS: 'nope' }), /MASTER_KEYS: comma-separated KEYID:BASE64/);
  });

  it('production refuses to start without keys, HTTPS PUBLIC_URL and real sign-in', () => {
    assert.doesNotThrow(() => loadConfig(production));
    for (const missing of ['MASTER_KEYS', 'MASTER_KEY_ID', 'SESSION_SECRET', 'PUBLIC_URL', 'MICROSOFT_TENANT_ID', 'MICROSOFT_CLIENT_ID', 'MICROSOFT_CLIENT_SECRET']) {
      const env: Record<string, string> = { ...production };
      delete env[missing];
      assert.throws(() => loadConfig(env), new RegExp(missing), missing);
    }
    assert.throws(() => loadConfig({ ...production, PUBLIC_URL: 'http://harbour.example.ac.uk' }), /PUBLIC_URL: must be https/);
  });

  it('the demo institution and its sign-in cannot be switched on in production', () => {
    assert.throws(() => loadConfig({ ...production, DEMO_INSTITUTION: 'on' }), /DEMO_INSTITUTION/);
  });
});
