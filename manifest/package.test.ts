import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { PNG } from 'pngjs';
import { buildTeamsPackage } from './package.ts';
import { buildTeamsManifest, teamsPackageSettings } from './teamsManifest.ts';
import { validateTeamsManifest } from './validateManifest.ts';

/** Reads every entry of a zip file (stored or deflated), from its central directory. */
function readZip(buf: Buffer): Map<string, Buffer> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'a zip end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

describe('Teams app package (npm run teams:package)', () => {
  const env = {
    MICROSOFT_CLIENT_ID: '6f1c1f0e-3c47-4c4e-9d55-0a4c3b7c2d11',
    PUBLIC_URL: 'https://harbour.uni.example',
  };
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-teams-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes manifest.json, a colour and an outline icon, and the manifest validates against the schema it declares', async () => {
    const { settings, warnings } = teamsPackageSettings(env, '1.2.3');
    assert.deepEqual(warnings, []);
    const file = path.join(dir, 'teams-app.zip');
    await buildTeamsPackage(settings, file);
    const entries = readZip(fs.readFileSync(file));
    assert.deepEqual([...entries.keys()].sort(), ['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    assert.match(manifest.$schema, /\/teams\/v1\.24\/MicrosoftTeams\.schema\.json$/);
    assert.deepEqual(validateTeamsManifest(manifest), []);
    assert.equal(manifest.version, '1.2.3');
    assert.equal(manifest.bots[0].botId, env.MICROSOFT_CLIENT_ID);
    assert.deepEqual(manifest.bots[0].scopes, ['personal', 'team']);
    assert.deepEqual(
      manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title),
      ['my cases', 'overdue', 'help'],
    );
    assert.equal(manifest.staticTabs[0].contentUrl, 'https://harbour.uni.example/tab/sign-in', 'the tab starts with Teams single sign-on');
    assert.equal(manifest.staticTabs[0].websiteUrl, 'https://harbour.uni.example/tab/cases');
    assert.deepEqual(manifest.validDomains, ['harbour.uni.example']);
    assert.deepEqual(manifest.webApplicationInfo, {
      id: env.MICROSOFT_CLIENT_ID,
      resource: `api://harbour.uni.example/${env.MICROSOFT_CLIENT_ID}`,
    });
    assert.equal(manifest.icons.color, 'color.png');
    assert.equal(manifest.icons.outline, 'outline.png');

    const color = PNG.sync.read(entries.get('color.png')!);
    assert.equal(color.width, 192);
    assert.equal(color.height, 192);
    const outline = PNG.sync.read(entries.get('outline.png')!);
    assert.equal(outline.width, 32);
    assert.equal(outline.height, 32);
    let transparent = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      if (outline.data[i + 3] === 0) transparent++;
      else assert.deepEqual([...outline.data.subarray(i, i + 3)], [255, 255, 255], 'outline pixels are white');
    }
    assert.ok(transparent > 32 * 32 * 0.4, 'the outline icon has a transparent background');
  });

  it('gives the same bytes for the same settings', async () => {
    const { settings } = teamsPackageSettings(env, '1.2.3');
    await buildTeamsPackage(settings, path.join(dir, 'a.zip'));
    await buildTeamsPackage(settings, path.join(dir, 'b.zip'));
    assert.ok(fs.readFileSync(path.join(dir, 'a.zip')).equals(fs.readFileSync(path.join(dir, 'b.zip'))));
  });

  it('the validator reports what the schema refuses', () => {
    const manifest = buildTeamsManifest(teamsPackageSettings(env, '1.0.0').settings);
    assert.deepEqual(validateTeamsManifest({ ...manifest, bots: [{ botId: 'not-a-guid', scopes: ['personal'] }] }).length > 0, true);
    assert.ok(validateTeamsManifest({ ...manifest, unexpected: true }).some((p) => p.includes('additional')));
    assert.match(validateTeamsManifest({ ...manifest, $schema: 'https://example.com/x.json' })[0]!, /does not name a Teams manifest schema/);
  });

  it('names the variable that is wrong, and in production the one that is missing', () => {
    assert.throws(() => teamsPackageSettings({ ...env, PUBLIC_URL: 'http://harbour.uni.example' }, '1.0.0'), /PUBLIC_URL must be the https/);
    assert.throws(() => teamsPackageSettings({ ...env, MICROSOFT_CLIENT_ID: 'harbour' }, '1.0.0'), /MICROSOFT_CLIENT_ID must be a GUID/);
    assert.throws(() => teamsPackageSettings({ NODE_ENV: 'production', PUBLIC_URL: env.PUBLIC_URL }, '1.0.0'), /MICROSOFT_CLIENT_ID is required/);
    const demo = teamsPackageSettings({}, '1.0.0');
    assert.equal(demo.warnings.length, 2);
    assert.deepEqual(validateTeamsManifest(buildTeamsManifest(demo.settings)), []);
  });
});
