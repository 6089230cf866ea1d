import { z } from 'zod';
import { defineVerb } from './verb.ts';
import { meetingSlotsCard } from './meetingSlots.ts';

/** Book a meeting: shows free slots from the holder's calendar, how to meet, and rooms. */
export const bookMeetingVerb = defineVerb({
  verb: 'bookMeeting',
  data: z.object({ caseId: z.uuid() }),
  run: (ctx, { caseId }) => meetingSlotsCard(ctx, caseId),
});
