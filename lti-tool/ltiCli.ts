import { parseArgs } from 'node:util';
import type { Database } from '../core/db/database.ts';
import { LtiStore } from './ltiStore.ts';
import { toolKey } from './keys.ts';
import { formatMoodleForm, toolUrls } from './toolValues.ts';

const PLATFORM_ACTIONS = ['add', 'list', 'remove'] as const;
type PlatformAction = (typeof PLATFORM_ACTIONS)[number];
import { listPlatforms, registerPlatform, removePlatform as removeRegistration, RegistrationError, type PlatformRecord } from './platforms.ts';

export interface AddPlatformInput {
  /** The institution's slug or id. */
  institution: string;
  /** Moodle's "Platform ID" (the site URL). */
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  name?: string;
  /** Default to Moodle's: `<issuer>/mod/lti/auth.php`, `/token.php`, `/certs.php`. */
  authEndpoint?: string;
  tokenEndpoint?: string;
  jwksUrl?: string;
  /** The tool's secret (the same one the server uses). */
  secret: string;
}

/** Registers a Moodle site by hand (what the CLI's `lti platform add` does), for one institution. */
export async function addPlatform(db: Database, input: AddPlatformInput): Promise<PlatformRecord> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM institutions WHERE slug = $1 OR id::text = $1', [input.institution]);
  if (!rows[0]) throw new RegistrationError(`No institution "${input.institution}". Give its slug (or id).`);
  const issuer = new URL(input.issuer).href.replace(/\/+$/, '');
  if (!input.deploymentIds.length) throw new RegistrationError('Give at least one --deployment-id (Moodle shows it in the tool’s configuration details).');
  return registerPlatform(db, storeFor(db, input.secret), {
    institutionId: rows[0].id,
    issuer,
    clientId: input.clientId,
    deploymentIds: input.deploymentIds,
    name: input.name ?? `Moodle at ${new URL(issuer).host}`,
    source: 'manual',
    authEndpoint: input.authEndpoint ?? `${issuer}/mod/lti/auth.php`,
    tokenEndpoint: input.tokenEndpoint ?? `${issuer}/mod/lti/token.php`,
    jwksUrl: input.jwksUrl ?? `${issuer}/mod/lti/certs.php`,
  });
}

export { listPlatforms };

/** Removes a registration by its id (from `lti platform list`); launches from it are refused after. */
export async function removePlatform(db: Database, id: string, secret: string): Promise<PlatformRecord | null> {
  return removeRegistration(db, storeFor(db, secret), id);
}

const storeFor = (db: Database, secret: string) => new LtiStore(db, toolKey(secret, 'store'));

export interface LtiCliDeps {
  db: Database;
  publicUrl: string;
  secret: string;
  out?: (text: string) => void;
}

const HELP = {
  lti: `npm run cli -- lti <command>

  lti values            print what to type into Moodle's tool form (no registration needed)
  lti platform add      register a Moodle site by hand (after creating the tool in Moodle)
  lti platform list     list the registered Moodle sites
  lti platform remove   remove a registration

Dynamic registration needs no command: paste <PUBLIC_URL>/lti/register into Moodle.
Each command takes --help.`,
  values: `npm run cli -- lti values

Prints the values for Moodle's "Manage tools → configure a tool manually" form. Save the tool in
Moodle, open its configuration details, then run "lti platform add" with what Moodle shows.`,
  add: `npm run cli -- lti platform add --institution <slug> --issuer <Platform ID> --client-id <Client ID> --deployment-id <Deployment ID>

  --institution     the institution's slug (or id) this Moodle site belongs to
  --issuer          Moodle's "Platform ID": the site URL, e.g. https://moodle.example.ac.uk
  --client-id       Moodle's "Client ID" for the tool
  --deployment-id   Moodle's "Deployment ID" (repeat for several)
  --name            a name for the list (default: Moodle at <host>)
  --auth-url, --token-url, --jwks-url
                    only if not Moodle's defaults under the issuer
                    (/mod/lti/auth.php, /mod/lti/token.php, /mod/lti/certs.php)

Adding the same site again adds deployment ids. Prints the values Moodle's form must hold.`,
  list: `npm run cli -- lti platform list

Lists every registered Moodle site: id, institution, issuer, client id, deployment ids, how it was registered.`,
  remove: `npm run cli -- lti platform remove <id>

Removes the registration with that id (see "lti platform list"). Launches from it are refused after.`,
};

/** The `lti …` operator commands; returns the exit code. The lead's cli.ts dispatches `lti` here. */
export async function ltiCli(argv: string[], deps: LtiCliDeps): Promise<number> {
  const out = deps.out ?? ((t: string) => process.stdout.write(`${t}\n`));
  const [group, action, ...rest] = argv;
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  if (group === 'values') {
    out(wantsHelp ? HELP.values : `${formatMoodleForm(deps.publicUrl)}\n\n${nextSteps(deps.publicUrl)}`);
    return 0;
  }
  if (group !== 'platform' || !PLATFORM_ACTIONS.includes(action as PlatformAction)) {
    out(HELP.lti);
    return wantsHelp || !group ? 0 : 2;
  }
  if (wantsHelp) {
    out(HELP[action as PlatformAction]);
    return 0;
  }
  try {
    if (action === 'add') return await add(rest, deps, out);
    if (action === 'list') return await list(deps, out);
    const id = rest[0];
    if (!id) {
      out(HELP.remove);
      return 2;
    }
    const removed = await removePlatform(deps.db, id, deps.secret);
    out(removed ? `Removed ${removed.issuer} (client id ${removed.clientId}).` : `No registration with id ${id}. See "lti platform list".`);
    return removed ? 0 : 1;
  } catch (err) {
    if (!(err instanceof RegistrationError || err instanceof TypeError)) throw err;
    out(`Not done: ${err.message}`);
    return 1;
  }
}

async function add(args: string[], deps: LtiCliDeps, out: (t: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      institution: { type: 'string' },
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'deployment-id': { type: 'string', multiple: true },
      name: { type: 'string' },
      'auth-url': { type: 'string' },
      'token-url': { type: 'string' },
      'jwks-url': { type: 'string' },
    },
  });
  const missing = ['institution', 'issuer', 'client-id', 'deployment-id'].filter((k) => !values[k as keyof typeof values]);
  if (missing.length) {
    out(`Missing ${missing.map((m) => `--${m}`).join(', ')}.\n\n${HELP.add}`);
    return 2;
  }
  const p = await addPlatform(deps.db, {
    institution: values.institution!,
    issuer: values.issuer!,
    clientId: values['client-id']!,
    deploymentIds: values['deployment-id']!.flatMap((d) => d.split(',')).map((d) => d.trim()).filter(Boolean),
    name: values.name,
    authEndpoint: values['auth-url'],
    tokenEndpoint: values['token-url'],
    jwksUrl: values['jwks-url'],
    secret: deps.secret,
  });
  out(`Registered ${p.issuer} (client id ${p.clientId}, deployment ${p.deploymentIds.join(', ')}) for ${values.institution}. Id: ${p.id}

The tool in Moodle must have these settings:
${formatMoodleForm(deps.publicUrl)}`);
  return 0;
}

async function list(deps: LtiCliDeps, out: (t: string) => void): Promise<number> {
  const rows = await listPlatforms(deps.db);
  if (!rows.length) {
    out(`No Moodle site is registered yet.\n\n${nextSteps(deps.publicUrl)}`);
    return 0;
  }
  for (const p of rows)
    out(`${p.id}  ${p.institutionSlug}  ${p.issuer}  client ${p.clientId}  deployments ${p.deploymentIds.join(',') || '(none)'}  ${p.source}  ${p.createdAt.toISOString().slice(0, 10)}`);
  return 0;
}

function nextSteps(publicUrl: string): string {
  return `Then, from the tool's configuration details in Moodle:
  npm run cli -- lti platform add --institution <slug> --issuer <Platform ID> --client-id <Client ID> --deployment-id <Deployment ID>
Or let Moodle register Harbour itself: paste ${toolUrls(publicUrl).registerUrl} into "Tool URL" and choose "Add LTI Advantage".`;
}

