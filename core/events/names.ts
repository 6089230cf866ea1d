/**
 * What happened in a case, as topics for the outbox. Commands record them in the same
 * transaction as the change; listeners (cards, mail, reminders, statistics) act on them after.
 * Payloads carry ids and non-identifying facts only.
 */
export const EVENTS = {
  caseOpened: 'case.opened',
  caseClaimed: 'case.claimed',
  caseAssigned: 'case.assigned',
  caseStatusChanged: 'case.status_changed',
  caseClosed: 'case.closed',
  caseReopened: 'case.reopened',
  noteAdded: 'case.note_added',
  taskAdded: 'case.task_added',
  taskCompleted: 'case.task_completed',
  messageToReporter: 'case.message_to_reporter',
  reporterAddedInformation: 'case.reporter_added',
  caseReferred: 'case.referred',
  referralResponded: 'case.referral_responded',
  casesLinked: 'case.linked',
  timeRecorded: 'case.time_recorded',
  meetingBooked: 'case.meeting_booked',
  meetingCancelled: 'case.meeting_cancelled',
  evidenceAdded: 'case.evidence_added',
  evidenceInfected: 'case.evidence_infected',
  unusualAccess: 'access.unusual',
} as const;

export type EventName = (typeof EVENTS)[keyof typeof EVENTS];

export interface OutboxEvent {
  id: string;
  institutionId: string;
  topic: EventName;
  payload: Record<string, unknown>;
  createdAt: Date;
}
