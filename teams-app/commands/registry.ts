import type { ChatCommand } from './command.ts';
import { helpCommand } from './help.ts';
import { myCasesCommand } from './myCases.ts';
import { overdueCommand } from './overdue.ts';

/** Every 1:1 chat command, one handler each; anything else is answered with help. */
export const COMMANDS: ChatCommand[] = [myCasesCommand, overdueCommand, helpCommand];

/** The command for what was typed ("<at>Harbour</at> My cases " → my cases), else help. */
export function commandFor(text: string | undefined): ChatCommand {
  const said = (text ?? '').replace(/<at>[^<]*<\/at>/g, '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
  return COMMANDS.find((c) => c.names.includes(said)) ?? helpCommand;
}
