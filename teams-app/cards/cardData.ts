/** The data each card template in templates/cards is expanded with (presenters build these). */

export interface Choice {
  title: string;
  value: string;
}

/** What a person may do from a case card: presenters set only what the policy permits. */
export interface CardActions {
  claim: boolean;
  assign: boolean;
  open: boolean;
  bookMeeting: boolean;
  addTask: boolean;
}

/** Facts shown about a case on every card: nothing that identifies anyone. */
export interface CaseFacts {
  caseId: string;
  reference: string;
  version: number;
  kindLabel: string;
  categories: string;
  campus: string;
  ongoing: string;
  firstContactDue: string;
  status: string;
  holderLine: string;
  holderColor: 'Default' | 'Good' | 'Attention' | 'Accent';
  openUrl: string;
}

export interface NewCaseCard extends CaseFacts {
  notice: string;
  actions: CardActions;
  caseManagers: Choice[];
  /** Teams user ids (29:…) whose view refreshes automatically (at most 60). */
  refreshUserIds: string[];
}

export interface AssignedCard extends CaseFacts {
  heading: string;
  notice: string;
  noticeStyle: 'good' | 'warning' | 'attention' | 'emphasis';
  actions: CardActions;
  today: string;
  suggestedDue: string;
}

export interface MeetingSlotsCard {
  caseId: string;
  reference: string;
  notice: string;
  timeZone: string;
  durationMinutes: number;
  slots: Choice[];
  rooms: Choice[];
}

export interface MeetingBookedCard {
  caseId: string;
  reference: string;
  when: string;
  modeLabel: string;
  where: string;
  joinUrl: string;
  openUrl: string;
}

export interface TaskAddedCard {
  caseId: string;
  reference: string;
  dueOn: string;
  openUrl: string;
}

export interface ReminderCard {
  heading: string;
  headingColor: 'Accent' | 'Warning' | 'Attention';
  reference: string;
  message: string;
  due: string;
  status: string;
  openUrl: string;
}

export interface DigestCard {
  date: string;
  headline: string;
  cases: { reference: string; holder: string; overdueFor: string; openUrl: string }[];
  more: string;
  listUrl: string;
}

export interface CaseListCard {
  title: string;
  emptyText: string;
  cases: { reference: string; status: string; due: string; dueColor: 'Default' | 'Attention' | 'Warning'; openUrl: string }[];
  more: string;
  listUrl: string;
}

export interface HelpCard {
  listUrl: string;
}

export interface StaleActionCard {
  title: string;
  message: string;
  openUrl: string;
}

/** Template name (file in templates/cards) → its data. */
export interface CardTemplates {
  newCase: NewCaseCard;
  assigned: AssignedCard;
  meetingSlots: MeetingSlotsCard;
  meetingBooked: MeetingBookedCard;
  taskAdded: TaskAddedCard;
  reminder: ReminderCard;
  digest: DigestCard;
  myCases: CaseListCard;
  help: HelpCard;
  staleAction: StaleActionCard;
}

export type CardName = keyof CardTemplates;
