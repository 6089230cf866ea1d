import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZipFile } from 'yazl';
import { colorIcon, outlineIcon } from './icons.ts';
import { buildTeamsManifest, teamsPackageSettings, type TeamsPackageSettings } from './teamsManifest.ts';
import { validateTeamsManifest } from './validateManifest.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Writes the Teams app package (manifest.json, color.png, outline.png) to `outFile`, refusing to
 * write one that does not validate against the schema its manifest declares. Entries carry a fixed
 * date so the same settings always give the same bytes.
 */
export async function buildTeamsPackage(settings: TeamsPackageSettings, outFile: string): Promise<Record<string, unknown>> {
  const manifest = buildTeamsManifest(settings);
  const problems = validateTeamsManifest(manifest);
  if (problems.length) throw new Error(`The Teams manifest does not validate:\n  ${problems.join('\n  ')}`);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const zip = new ZipFile();
  const mtime = new Date('2025-01-01T00:00:00Z');
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2)), 'manifest.json', { mtime });
  zip.addBuffer(colorIcon(), 'color.png', { mtime });
  zip.addBuffer(outlineIcon(), 'outline.png', { mtime });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(fs.createWriteStream(outFile)).on('close', resolve).on('error', reject);
  });
  return manifest;
}

async function main(): Promise<void> {
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const { settings, warnings } = teamsPackageSettings(process.env, version);
  for (const w of warnings) console.warn(`warning: ${w}`);
  const out = path.join(root, 'dist', 'teams-app.zip');
  await buildTeamsPackage(settings, out);
  console.log(`Wrote ${path.relative(process.cwd(), out)} (bot ${settings.clientId}, tab ${settings.publicUrl}/tab/sign-in)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: Error) => {
    console.error(err.message);
    process.exitCode = 1;
  });
}
