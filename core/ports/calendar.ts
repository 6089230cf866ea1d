/**
 * Case managers' calendars as the core needs them: when are they free, and booking, moving and
 * cancelling support meetings. Times are instants (Date); adapters deal with time zones, working
 * hours and clock changes. Microsoft 365 (Graph) or the demo's local calendar implement it.
 */

export type MeetingMode = 'teams' | 'in_person' | 'phone';

export interface FreeSlotsQuery {
  institutionId: string;
  /** Case managers' mailbox addresses. */
  mailboxes: string[];
  /** No slot starts before this instant. */
  from: Date;
  /** How many of each mailbox's own working days to look through: the first ones with time left after `from`. */
  workingDays: number;
  durationMinutes: number;
  /** Slot starts are this many minutes apart from the start of the working day (default 30). */
  stepMinutes?: number;
}

/** A slot of the requested length and who is free for all of it. */
export interface FreeSlot {
  start: Date;
  end: Date;
  mailboxes: string[];
}

/** A mailbox's working week as the adapter understood it (shown so a case manager can check it). */
export interface WorkingWeek {
  mailbox: string;
  /** IANA time zone, e.g. Europe/London. */
  timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Local times, HH:mm. */
  start: string;
  end: string;
}

/** Something a case manager should know about one mailbox (its calendar could not be read, …). */
export interface CalendarProblem {
  mailbox: string;
  message: string;
}

export interface Availability {
  slots: FreeSlot[];
  weeks: WorkingWeek[];
  problems: CalendarProblem[];
}

export interface MeetingAttendee {
  email: string;
  name?: string;
  role: 'reporter' | 'staff';
  /** A reporter is invited only when they consented; staff always are. */
  consented: boolean;
}

export interface MeetingRoom {
  /** The room's mailbox, when it has one (Microsoft 365 rooms do). */
  email?: string;
  name: string;
}

export interface BookMeetingInput {
  institutionId: string;
  /** The case manager's mailbox; the meeting goes into this calendar. */
  organizer: string;
  start: Date;
  end: Date;
  mode: MeetingMode;
  /** Required for in-person meetings. */
  room?: MeetingRoom;
  attendees: MeetingAttendee[];
  /** Neutral: it must name no one (adapters refuse a subject containing an attendee's name or address). */
  subject: string;
  /** Plain text shown in the invitation. */
  body: string;
}

export interface BookedMeeting {
  /** The calendar's id for the event, kept to update or cancel it. */
  externalId: string;
  /** Teams join link; absent for in-person and phone meetings and in the demo. */
  joinUrl?: string;
  /** Addresses actually invited (reporters without consent are left out). */
  invited: string[];
}

export interface UpdateMeetingInput {
  institutionId: string;
  organizer: string;
  externalId: string;
  start?: Date;
  end?: Date;
  room?: MeetingRoom;
  attendees?: MeetingAttendee[];
  subject?: string;
  body?: string;
}

export interface CancelMeetingInput {
  institutionId: string;
  organizer: string;
  externalId: string;
  /** Sent to the attendees with the cancellation. */
  comment?: string;
}

export interface CalendarPort {
  freeSlots(query: FreeSlotsQuery): Promise<Availability>;
  bookMeeting(input: BookMeetingInput): Promise<BookedMeeting>;
  updateMeeting(input: UpdateMeetingInput): Promise<BookedMeeting>;
  cancelMeeting(input: CancelMeetingInput): Promise<void>;
}
