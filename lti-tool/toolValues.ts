import { ROUTES } from './provider.ts';

/** Where Harbour's LTI endpoints are, as Moodle must be told them. */
export interface ToolUrls {
  toolUrl: string;
  loginUrl: string;
  redirectUris: string[];
  keysUrl: string;
  registerUrl: string;
  iconUrl: string;
  domain: string;
}

/** The tool's public addresses under PUBLIC_URL (mounted at /lti). */
export function toolUrls(publicUrl: string): ToolUrls {
  const base = publicUrl.replace(/\/+$/, '');
  const at = (path: string) => `${base}/lti${path}`;
  return {
    toolUrl: at(ROUTES.launch),
    loginUrl: at(ROUTES.login),
    redirectUris: [at(ROUTES.launch)],
    keysUrl: at(ROUTES.keys),
    registerUrl: at(ROUTES.register),
    iconUrl: at('/icon.svg'),
    domain: new URL(base).host,
  };
}

/**
 * Exactly what to type into Moodle's "Manage tools → configure a tool manually" form (Moodle 4.5
 * labels), in the form's order. Services stay off: Harbour sends no grades and reads no rosters.
 */
export function moodleFormValues(publicUrl: string): [label: string, value: string][] {
  const u = toolUrls(publicUrl);
  return [
    ['Tool name', 'Report an incident (Harbour)'],
    ['Tool URL', u.toolUrl],
    ['Tool description', 'Report harassment, bullying, sexual misconduct or a hate incident, anonymously if you wish.'],
    ['LTI version', 'LTI 1.3'],
    ['Public key type', 'Keyset URL'],
    ['Public keyset', u.keysUrl],
    ['Initiate login URL', u.loginUrl],
    ['Redirection URI(s)', u.redirectUris.join('\n')],
    ['Tool configuration usage', 'Show in activity chooser and as a preconfigured tool'],
    ['Default launch container', 'Embed, without blocks (or New window, see the README)'],
    ['Supports Deep Linking (Content-Item Message)', 'Yes'],
    ['Content Selection URL', u.toolUrl],
    ['Icon URL', u.iconUrl],
    ['IMS LTI Assignment and Grade Services', 'Do not use this service'],
    ['IMS LTI Names and Role Provisioning', 'Do not use this service'],
    ['Tool Settings', 'Do not use this service'],
    ["Share launcher's name with tool", 'Always (offered only to prefill a named report) or Never'],
    ["Share launcher's email with tool", 'Always (offered only to prefill a named report) or Never'],
    ['Accept grades from the tool', 'Never'],
  ];
}

/** The form values as aligned text lines, for the CLI. */
export function formatMoodleForm(publicUrl: string): string {
  const rows = moodleFormValues(publicUrl);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value.replace(/\n/g, `\n${' '.repeat(width)}`)}`).join('\n');
}
