import { loadConfig, ConfigError } from './core/config.ts';
import { createLogger } from './core/logger.ts';
import { createCore } from './core/bootstrap.ts';
import type { Core } from './core/core.ts';
import { findCommand, helpText, parseCommandArgs, type CliCommand } from './cli/registry.ts';
import { coreCommands } from './cli/coreCommands.ts';
import { ltiCommands } from './cli/ltiCommands.ts';
import { insightCommands } from './cli/insightCommands.ts';

/** Every operator command, in one list. */
const commands: CliCommand[] = [...coreCommands, ...ltiCommands, ...insightCommands];

/** Runs one command; returns the exit code. Exported for tests. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, out: (line: string) => void = console.log): Promise<number> {
  const found = findCommand(commands, argv);
  if (!found || argv[0] === '--help' || argv[0] === 'help') {
    out(helpText(commands));
    return found || argv.length === 0 || argv[0] === '--help' || argv[0] === 'help' ? 0 : 2;
  }
  let parsed;
  if (found.command.raw) parsed = { values: {}, positionals: found.rest };
  else try {
    parsed = parseCommandArgs(found.command, found.rest);
  } catch (err) {
    out(`${(err as Error).message}\nUsage: npm run cli -- ${found.command.usage}`);
    return 2;
  }
  if (!found.command.raw && parsed.values.help) {
    out(`${found.command.summary}\nUsage: npm run cli -- ${found.command.usage}`);
    return 0;
  }
  const config = loadConfig(env);
  let core: Core | undefined;
  try {
    return await found.command.run(parsed.values, parsed.positionals, {
      config,
      out,
      core: async () => (core ??= await createCore(config, createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL))),
    });
  } finally {
    await core?.db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(err instanceof ConfigError ? err.message : `Failed: ${err.message}`);
      process.exit(1);
    },
  );
}
