import fs from 'node:fs';
import { ACCENT_COLOR } from './icons.ts';

const templatePath = new URL('./teams.manifest.json', import.meta.url);
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEMO_ID = '00000000-0000-0000-0000-000000000000';
const DEMO_URL = 'https://harbour.example';

/** What differs between one university's Teams package and another's. */
export interface TeamsPackageSettings {
  /** The Teams app id (TEAMS_APP_ID, default MICROSOFT_CLIENT_ID). */
  teamsAppId: string;
  /** The Entra app registration, which is also the bot (MICROSOFT_CLIENT_ID). */
  clientId: string;
  /** PUBLIC_URL: where Teams loads the tab and sends the bot's activities. */
  publicUrl: string;
  version: string;
}

/**
 * Reads the package settings from the environment. Outside production a missing value is replaced by
 * a clearly fake one (so the package can still be built and checked) and reported in `warnings`;
 * a value that is present but wrong is always an error naming the variable.
 */
export function teamsPackageSettings(env: NodeJS.ProcessEnv, version: string): { settings: TeamsPackageSettings; warnings: string[] } {
  const warnings: string[] = [];
  const production = env.NODE_ENV === 'production';
  const pick = (name: string, fallback: string, check: (v: string) => string | null): string => {
    const value = env[name]?.trim();
    if (!value) {
      if (production) throw new Error(`${name} is required to build the Teams package`);
      warnings.push(`${name} is not set: the package uses the placeholder ${fallback}, so it is for checking only, not for upload`);
      return fallback;
    }
    const problem = check(value);
    if (problem) throw new Error(`${name} ${problem}: ${value}`);
    return value;
  };
  const isGuid = (v: string) => (guid.test(v) ? null : 'must be a GUID (the Application (client) ID of the Entra app registration)');
  const clientId = pick('MICROSOFT_CLIENT_ID', DEMO_ID, isGuid);
  const teamsAppId = env.TEAMS_APP_ID?.trim() ? pick('TEAMS_APP_ID', DEMO_ID, isGuid) : clientId;
  const publicUrl = pick('PUBLIC_URL', DEMO_URL, (v) => (/^https:\/\/[^/]+/.test(v) ? null : 'must be the https:// address Teams can reach')).replace(/\/+$/, '');
  return { settings: { teamsAppId, clientId, publicUrl, version }, warnings };
}

/** The manifest for these settings, from the JSON template beside this file. */
export function buildTeamsManifest(settings: TeamsPackageSettings): Record<string, unknown> {
  const url = new URL(settings.publicUrl);
  if (url.pathname !== '/') throw new Error(`PUBLIC_URL must be an origin without a path (Teams' validDomains and SSO resource need the host): ${settings.publicUrl}`);
  const values: Record<string, string> = {
    version: settings.version,
    teamsAppId: settings.teamsAppId,
    botId: settings.clientId,
    clientId: settings.clientId,
    publicUrl: url.origin,
    publicHost: url.host,
    accentColor: ACCENT_COLOR,
  };
  const text = fs.readFileSync(templatePath, 'utf8').replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`The manifest template names an unknown value {{${key}}}`);
    return JSON.stringify(value).slice(1, -1);
  });
  return JSON.parse(text) as Record<string, unknown>;
}
