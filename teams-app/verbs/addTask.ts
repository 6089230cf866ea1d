import { z } from 'zod';
import { addTask } from '../../core/commands/taskAdder.ts';
import { loadInstitution } from '../../core/institutions.ts';
import { loadCase } from '../../core/queries/caseState.ts';
import { renderCard } from '../cards/renderCard.ts';
import { caseDeepLink } from '../links.ts';
import { formatDay } from '../presenters/caseView.ts';
import { defineVerb } from './verb.ts';

/** Add a task: a title and due date from the card's inputs; the title is kept in Harbour only. */
export const addTaskVerb = defineVerb({
  verb: 'addTask',
  data: z.object({ caseId: z.uuid(), title: z.string().default(''), dueOn: z.string().default('') }),
  async run(ctx, { caseId, title, dueOn }) {
    await addTask(ctx.deps.core, ctx.who.actor, { caseId, title, dueOn });
    const { reference, timeZone } = await ctx.deps.core.db.forInstitution(ctx.who.institutionId, async (tx) => ({
      reference: (await loadCase(tx, caseId))!.reference,
      timeZone: (await loadInstitution(tx, ctx.who.institutionId)).settings.timeZone,
    }));
    return renderCard('taskAdded', { caseId, reference, dueOn: formatDay(dueOn, timeZone), openUrl: caseDeepLink(ctx.deps, caseId) });
  },
});
