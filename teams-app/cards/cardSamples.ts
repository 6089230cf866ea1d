import type { CardName, CardTemplates, CaseFacts } from './cardData.ts';

/** One example of a card, for the parse test, the screenshots and the README. */
export interface CardSample<N extends CardName = CardName> {
  /** File-name part of docs/screenshots/card-<id>.png */
  id: string;
  template: N;
  data: CardTemplates[N];
}

const openUrl = 'https://teams.microsoft.com/l/entity/6f1c1f0e-3c47-4c4e-9d55-0a4c3b7c2d11/cases?label=Cases';
const listUrl = 'https://teams.microsoft.com/l/entity/6f1c1f0e-3c47-4c4e-9d55-0a4c3b7c2d11/cases';
const facts: CaseFacts = {
  caseId: '3b0c3a8e-2f0e-4d59-a7f3-6c1f6f0d9a41',
  reference: 'HR-2025-0042',
  version: 3,
  kindLabel: 'Wants to speak to an adviser',
  categories: 'Harassment, Online abuse',
  campus: 'City campus',
  ongoing: 'Yes',
  firstContactDue: 'Thu 6 Mar 2025',
  status: 'New',
  holderLine: 'Not yet claimed',
  holderColor: 'Attention',
  openUrl,
};
const none = { claim: false, assign: false, open: true, bookMeeting: false, addTask: false };

/** Every card Harbour can send, at least once, with realistic (made-up) data. */
export const CARD_SAMPLES: CardSample[] = [
  {
    id: 'new-case-lead',
    template: 'newCase',
    data: {
      ...facts,
      notice: '',
      actions: { ...none, claim: true, assign: true },
      caseManagers: [
        { title: 'Alex Morgan', value: 'b3f4a2c1-0000-4000-8000-000000000001' },
        { title: 'Sam Patel', value: 'b3f4a2c1-0000-4000-8000-000000000002' },
      ],
      refreshUserIds: ['29:1a2b3c', '29:4d5e6f'],
    },
  },
  {
    id: 'new-case-claimed',
    template: 'newCase',
    data: {
      ...facts,
      version: 4,
      status: 'Triaged',
      holderLine: 'With Sam Patel',
      holderColor: 'Good',
      notice: 'Sam Patel claimed this case a moment before you. Here it is as it is now.',
      actions: none,
      caseManagers: [],
      refreshUserIds: ['29:1a2b3c'],
    },
  },
  {
    id: 'assigned',
    template: 'assigned',
    data: {
      ...facts,
      status: 'Triaged',
      holderLine: 'With you',
      holderColor: 'Good',
      heading: 'Assigned to you',
      notice: '',
      noticeStyle: 'good',
      actions: { ...none, bookMeeting: true, addTask: true },
      today: '2025-03-04',
      suggestedDue: '2025-03-06',
    },
  },
  {
    id: 'meeting-slots',
    template: 'meetingSlots',
    data: {
      caseId: facts.caseId,
      reference: facts.reference,
      notice: '',
      timeZone: 'Europe/London',
      durationMinutes: 45,
      slots: [
        { title: 'Wed 5 Mar, 10:00–10:45', value: '2025-03-05T10:00:00.000Z/2025-03-05T10:45:00.000Z' },
        { title: 'Wed 5 Mar, 14:30–15:15', value: '2025-03-05T14:30:00.000Z/2025-03-05T15:15:00.000Z' },
        { title: 'Thu 6 Mar, 09:00–09:45', value: '2025-03-06T09:00:00.000Z/2025-03-06T09:45:00.000Z' },
      ],
      rooms: [
        { title: 'Wellbeing Centre, Room 2', value: 'wellbeing-2@uni.example' },
        { title: 'Library quiet room', value: 'library-quiet@uni.example' },
      ],
    },
  },
  {
    id: 'meeting-booked',
    template: 'meetingBooked',
    data: {
      caseId: facts.caseId,
      reference: facts.reference,
      when: 'Wed 5 Mar 2025, 10:00–10:45',
      modeLabel: 'Teams meeting',
      where: 'Online (link in the invitation)',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_example',
      openUrl,
    },
  },
  { id: 'task-added', template: 'taskAdded', data: { caseId: facts.caseId, reference: facts.reference, dueOn: 'Fri 7 Mar 2025', openUrl } },
  {
    id: 'reminder-first-contact',
    template: 'reminder',
    data: {
      heading: 'First contact due tomorrow',
      headingColor: 'Warning',
      reference: facts.reference,
      message: 'The reporter asked to speak to an adviser. Make first contact by tomorrow.',
      due: 'Thu 6 Mar 2025',
      status: 'Triaged',
      openUrl,
    },
  },
  {
    id: 'reminder-overdue',
    template: 'reminder',
    data: {
      heading: 'Overdue',
      headingColor: 'Attention',
      reference: 'HR-2025-0037',
      message: 'First contact was due 2 days ago.',
      due: 'Mon 3 Mar 2025',
      status: 'Triaged',
      openUrl,
    },
  },
  {
    id: 'digest',
    template: 'digest',
    data: {
      date: 'Wed 5 Mar 2025',
      headline: '3 cases are past their first-contact date',
      cases: [
        { reference: 'HR-2025-0037', holder: 'Alex Morgan', overdueFor: '2 days', openUrl },
        { reference: 'HR-2025-0031', holder: 'Not yet claimed', overdueFor: '4 days', openUrl },
        { reference: 'HR-2025-0029', holder: 'Sam Patel', overdueFor: '1 day', openUrl },
      ],
      more: '',
      listUrl,
    },
  },
  {
    id: 'my-cases',
    template: 'myCases',
    data: {
      title: 'Your cases',
      emptyText: 'You hold no open cases.',
      cases: [
        { reference: 'HR-2025-0042', status: 'Triaged', due: 'First contact Thu 6 Mar', dueColor: 'Default', openUrl },
        { reference: 'HR-2025-0037', status: 'Triaged', due: 'Overdue since Mon 3 Mar', dueColor: 'Attention', openUrl },
        { reference: 'HR-2025-0018', status: 'In progress', due: 'Contacted', dueColor: 'Default', openUrl },
      ],
      more: '',
      listUrl,
    },
  },
  { id: 'overdue-empty', template: 'myCases', data: { title: 'Overdue', emptyText: 'Nothing is overdue. Well done.', cases: [], more: '', listUrl } },
  { id: 'help', template: 'help', data: { listUrl } },
  {
    id: 'stale-action',
    template: 'staleAction',
    data: { title: 'This card is out of date', message: 'Case HR-2025-0042 was closed since this card was sent, so it can no longer be claimed.', openUrl: listUrl },
  },
];
