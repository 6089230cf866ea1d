import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import AjvDraft04, { type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const schemasDir = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
const compiled = new Map<string, ValidateFunction>();

/**
 * Validates a Teams manifest against the schema its `$schema` names, read from the schemas Microsoft
 * ships in @microsoft/app-manifest (no network), with ajv draft-04 + formats as the Agents Toolkit does.
 * Returns the problems, empty when valid.
 */
export function validateTeamsManifest(manifest: Record<string, unknown>): string[] {
  const declared = manifest.$schema;
  const version = typeof declared === 'string' ? /\/teams\/(v[\w.]+)\/MicrosoftTeams\.schema\.json$/.exec(declared)?.[1] : undefined;
  if (!version) return [`$schema does not name a Teams manifest schema: ${String(declared)}`];
  const file = path.join(schemasDir, version, 'MicrosoftTeams.schema.json');
  if (!fs.existsSync(file)) return [`No local copy of the ${version} manifest schema (update @microsoft/app-manifest)`];
  let validate = compiled.get(version);
  if (!validate) {
    // Some of Microsoft's schema versions hold a \a escape that is not valid in a JavaScript regex (the Toolkit rewrites it too).
    const schema = JSON.parse(fs.readFileSync(file, 'utf8').replace(/\\a/g, '\\x07')) as Record<string, unknown>;
    const ajv = new AjvDraft04.default({ allErrors: true, strictTypes: false });
    addFormats.default(ajv, ['uri', 'email', 'regex']);
    validate = ajv.compile(schema);
    compiled.set(version, validate);
  }
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
}
