import crypto from 'node:crypto';
import type { CliCommand } from './registry.ts';
import { migrate } from '../core/db/migrate.ts';
import { verifyLedger } from '../core/ledger/verify.ts';
import { listInstitutions, createInstitution } from '../core/institutions.ts';
import { rotateMasterKey } from '../core/crypto/masterKeyRotation.ts';

/** The core's operator commands: schema, ledger verification, keys, institutions. */
export const coreCommands: CliCommand[] = [
  {
    words: ['db', 'migrate'],
    summary: 'apply pending database migrations (start-up does this too)',
    usage: 'db migrate',
    async run(_v, _p, ctx) {
      const core = await ctx.core();
      const applied = await migrate(core.db);
      ctx.out(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
      return 0;
    },
  },
  {
    words: ['audit', 'verify'],
    summary: "check every institution's evidential record (hash chain, signatures, reports); names the first bad entry",
    usage: 'audit verify [--institution SLUG]',
    options: { institution: { type: 'string' } },
    async run(v, _p, ctx) {
      const core = await ctx.core();
      const institutions = (await listInstitutions(core.db)).filter((i) => !v.institution || i.slug === v.institution);
      if (!institutions.length) {
        ctx.out(v.institution ? `No institution with slug ${v.institution}.` : 'There are no institutions yet.');
        return 2;
      }
      let bad = 0;
      for (const i of institutions) {
        const r = await verifyLedger(core.db, core.keyring, i.id);
        const summary = `${r.entries} entries, ${r.checkpoints} signed checkpoints, ${r.reports} reports, ${r.events} case events, ${r.destroyed} destroyed under retention`;
        if (r.ok) ctx.out(`OK   ${i.slug}: ${summary}`);
        else {
          bad++;
          ctx.out(`FAIL ${i.slug}: entry ${r.firstBad!.seq}: ${r.firstBad!.reason} (${summary})`);
        }
      }
      return bad ? 1 : 0;
    },
  },
  {
    words: ['keys', 'generate'],
    summary: 'print a new master key line for MASTER_KEYS (nothing is stored)',
    usage: 'keys generate [--id KEYID]',
    options: { id: { type: 'string' } },
    async run(v, _p, ctx) {
      const id = (v.id as string | undefined) ?? `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`;
      ctx.out(`${id}:${crypto.randomBytes(32).toString('base64')}`);
      ctx.out('Add it to MASTER_KEYS (comma-separated), set MASTER_KEY_ID to it, restart, then run `keys rotate`.');
      return 0;
    },
  },
  {
    words: ['keys', 'rotate'],
    summary: 're-wrap every case, signing and matching key under MASTER_KEY_ID (then the old key can be removed)',
    usage: 'keys rotate',
    async run(_v, _p, ctx) {
      const core = await ctx.core();
      const c = await rotateMasterKey(core.db, core.keyring);
      ctx.out(`Re-wrapped under ${core.keyring.currentId}: ${c.caseKeys} case keys, ${c.signingKeys} signing keys, ${c.matchKeys} matching keys.`);
      return 0;
    },
  },
  {
    words: ['institution', 'create'],
    summary: 'create an institution (its ledger, signing key and matching key)',
    usage: 'institution create --slug SLUG --name NAME [--prefix HR]',
    options: { slug: { type: 'string' }, name: { type: 'string' }, prefix: { type: 'string' } },
    async run(v, _p, ctx) {
      if (!v.slug || !v.name) {
        ctx.out('Give --slug and --name.');
        return 2;
      }
      const core = await ctx.core();
      const i = await core.db.transaction((tx) => createInstitution(tx, core.keyring, { slug: String(v.slug), name: String(v.name), referencePrefix: v.prefix as string | undefined }));
      ctx.out(`Created ${i.slug} (${i.id}).`);
      return 0;
    },
  },
  {
    words: ['institution', 'list'],
    summary: 'list institutions',
    usage: 'institution list',
    async run(_v, _p, ctx) {
      const core = await ctx.core();
      for (const i of await listInstitutions(core.db)) ctx.out(`${i.slug}\t${i.name}\t${i.id}`);
      return 0;
    },
  },
];
