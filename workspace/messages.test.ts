import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMessages } from '../web/views.ts';
import { STAFF_ROLES } from '../core/actor.ts';
import { BASES, SHAREABLE } from '../core/commands/referralMaker.ts';
import { LINK_REASONS } from '../core/commands/caseLinker.ts';
import { EDITABLE_OPTION_KINDS } from '../core/commands/settingsOptions.ts';
import { STATUSES } from './labels.ts';
import { DONE_SECTIONS } from './cases/casePage.ts';
import { SETTINGS_SECTIONS } from './settings/settingsPage.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = (dir: string, ext: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name), ext) : e.name.endsWith(ext) ? [path.join(dir, e.name)] : []));

describe('workspace texts', () => {
  const messages = loadMessages();
  it('has every ws.* text the templates and presenters name', () => {
    const views = [...files(path.join(root, 'templates/views'), '.hbs')].filter((f) => /\/ws-|\/partials\/ws/.test(f));
    const named = new Set<string>();
    for (const f of views) for (const m of fs.readFileSync(f, 'utf8').matchAll(/"(ws\.[A-Za-z0-9_.-]+)"/g)) named.add(m[1]!);
    for (const f of files(path.join(root, 'workspace'), '.ts').filter((x) => !x.endsWith('.test.ts') && !x.includes('/insight/'))) for (const m of fs.readFileSync(f, 'utf8').matchAll(/'(ws\.[A-Za-z0-9_.-]+)'/g)) named.add(m[1]!);
    const families: [string, readonly string[]][] = [
      ['ws.status.', STATUSES], ['ws.role.', STAFF_ROLES], ['ws.basis.', BASES], ['ws.share.', SHAREABLE], ['ws.link.reason.', LINK_REASONS],
      ['ws.settings.kind.', EDITABLE_OPTION_KINDS], ['ws.done.', Object.keys(DONE_SECTIONS)], ['ws.settings.', SETTINGS_SECTIONS],
      ['ws.kind.', ['anonymous', 'named_record', 'adviser']], ['ws.meeting.mode.', ['teams', 'in_person', 'phone']], ['ws.contact.', ['phone', 'email', 'meeting', 'teams']],
      ['ws.evidence.status.', ['pending_scan', 'clean', 'infected', 'quarantined']], ['ws.settings.action.', ['added', 'updated', 'reviewed', 'removed']],
    ];
    for (const [prefix, values] of families) for (const v of values) named.add(prefix + v);
    for (const s of SHAREABLE) named.add(`ws.share.${s}.hint`);
    for (const r of STAFF_ROLES) named.add(`ws.role.${r}.hint`);
    const missing = [...named].filter((k) => !(k in messages));
    assert.deepEqual(missing, []);
  });
});
