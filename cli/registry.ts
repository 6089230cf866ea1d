import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from '../core/config.ts';
import type { Core } from '../core/core.ts';

/** What a CLI command gets: configuration, and the core opened on demand (so --help needs no database). */
export interface CliContext {
  config: Config;
  core(): Promise<Core>;
  out(line: string): void;
}

/** One operator command: its words (e.g. ['audit', 'verify']), a summary, its options, and what it does. */
export interface CliCommand {
  words: string[];
  summary: string;
  usage: string;
  options?: ParseArgsConfig['options'];
  /** The command parses its own arguments (and --help): it gets them untouched as positionals. */
  raw?: boolean;
  run(values: Record<string, string | boolean | string[] | undefined>, positionals: string[], ctx: CliContext): Promise<number>;
}

export function findCommand(commands: CliCommand[], argv: string[]): { command: CliCommand; rest: string[] } | null {
  const matches = commands.filter((c) => c.words.every((w, i) => argv[i] === w)).sort((a, b) => b.words.length - a.words.length);
  const command = matches[0];
  return command ? { command, rest: argv.slice(command.words.length) } : null;
}

export function helpText(commands: CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.words.join(' ').length));
  return ['Usage: npm run cli -- <command> [options]   (each command takes --help)', '', ...commands.map((c) => `  ${c.words.join(' ').padEnd(width)}  ${c.summary}`)].join('\n');
}

export function parseCommandArgs(command: CliCommand, rest: string[]) {
  return parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
}
