import type { CliCommand } from './registry.ts';
import { ltiCli } from '../lti-tool/ltiCli.ts';
import { loadSessionSecret } from '../core/bootstrap.ts';

/** Moodle registration: `lti values`, `lti platform add|list|remove` (the LTI tool parses its own options). */
export const ltiCommands: CliCommand[] = [
  {
    words: ['lti'],
    summary: 'Moodle: the values to paste into Moodle, and platform add/list/remove (lti --help)',
    usage: 'lti values | lti platform add|list|remove [options]',
    raw: true,
    async run(_v, rest, ctx) {
      const needsDb = rest[0] === 'platform' && !rest.includes('--help') && !rest.includes('-h');
      const core = needsDb ? await ctx.core() : null;
      return ltiCli(rest, {
        db: core?.db as never,
        publicUrl: (ctx.config.PUBLIC_URL ?? `http://localhost:${ctx.config.PORT}`).replace(/\/$/, ''),
        secret: loadSessionSecret(ctx.config, { warn: () => undefined } as never),
        out: ctx.out,
      });
    },
  },
];
