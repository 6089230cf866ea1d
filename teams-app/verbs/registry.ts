import { addTaskVerb } from './addTask.ts';
import { assignVerb } from './assign.ts';
import { bookMeetingVerb } from './bookMeeting.ts';
import { claimVerb } from './claim.ts';
import { pickSlotVerb } from './pickSlot.ts';
import { refreshVerb } from './refresh.ts';
import type { Verb } from './verb.ts';

/** Every Action.Execute verb Harbour's cards use, one handler each. "Open" is a link, not a verb. */
export const VERBS: Verb[] = [claimVerb, assignVerb, refreshVerb, bookMeetingVerb, pickSlotVerb, addTaskVerb];
