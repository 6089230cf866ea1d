import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/policies/casePolicy.ts';
import { findStaff, staffToActor } from '../../core/staff.ts';
import { renderCard, type AdaptiveCardJson } from '../cards/renderCard.ts';
import { caseListDeepLink } from '../links.ts';
import { refreshUserIdsIn, type ConversationStore } from '../conversations/conversationStore.ts';
import type { TeamsDeps } from '../deps.ts';
import { assignedCard, newCaseCard } from '../presenters/caseCards.ts';
import { loadCaseView, type CaseView } from '../presenters/caseView.ts';
import type { Notifier } from './notifier.ts';

type StaffActor = Actor & { kind: 'staff' };
type Notice = { notice?: string; noticeStyle?: 'good' | 'warning' | 'attention' };

/**
 * Builds each case card as it should look now, for one viewer or for everyone, and keeps the cards
 * already posted in step with the case: the channel card everyone sees and each holder's 1:1 card.
 */
export function caseCardService(deps: TeamsDeps, store: ConversationStore, notifier: Notifier) {
  const view = (institutionId: string, caseId: string): Promise<CaseView | null> =>
    deps.core.db.forInstitution(institutionId, (tx) => loadCaseView(tx, institutionId, caseId));
  /** The case and who its channel card refreshes for, in one transaction. */
  const channelView = (institutionId: string, caseId: string) =>
    deps.core.db.forInstitution(institutionId, async (tx) => ({ v: await loadCaseView(tx, institutionId, caseId), refreshUserIds: await refreshUserIdsIn(tx) }));
  const visible = (v: CaseView | null, viewer: StaffActor | null): v is CaseView => Boolean(v && (!viewer || can(viewer, 'view_summary', v.c)));

  /** The channel card for the viewer and the shared one everyone sees, from one read of the case. */
  async function channelCards(institutionId: string, caseId: string, viewer: StaffActor, extra: Notice = {}): Promise<{ mine: AdaptiveCardJson | null; shared: AdaptiveCardJson | null }> {
    const { v, refreshUserIds } = await channelView(institutionId, caseId);
    if (!v) return { mine: null, shared: null };
    return {
      mine: visible(v, viewer) ? newCaseCard(v, deps, viewer, { notice: extra.notice, refreshUserIds }) : null,
      shared: newCaseCard(v, deps, null, { refreshUserIds }),
    };
  }

  async function channelCard(institutionId: string, caseId: string, viewer: StaffActor | null, extra: Notice = {}): Promise<AdaptiveCardJson | null> {
    const { v, refreshUserIds } = await channelView(institutionId, caseId);
    if (!visible(v, viewer)) return null;
    return newCaseCard(v, deps, viewer, { notice: extra.notice, refreshUserIds });
  }

  async function personalCard(institutionId: string, caseId: string, viewer: StaffActor, extra: Notice & { heading?: string } = {}): Promise<AdaptiveCardJson | null> {
    const v = await view(institutionId, caseId);
    if (!visible(v, viewer)) return null;
    return assignedCard(v, deps, viewer, deps.core.now(), extra);
  }

  async function staffActor(institutionId: string, staffId: string): Promise<StaffActor | null> {
    const s = await deps.core.db.forInstitution(institutionId, (tx) => findStaff(tx, { id: staffId }));
    return s?.active ? staffToActor(institutionId, s) : null;
  }

  return {
    channelCard,
    channelCards,
    personalCard,

    /** Posts a new report to the institution's case-management channel (once, even if the event is retried). */
    async postNewCase(institutionId: string, caseId: string): Promise<void> {
      const ref = await store.channel(institutionId);
      if (!ref) {
        deps.logger.info({ institutionId, caseId }, 'no Teams channel is connected: new case not posted');
        return;
      }
      if ((await store.caseCards(institutionId, caseId)).some((c) => c.kind === 'channel')) return;
      const card = await channelCard(institutionId, caseId, null);
      if (!card) return;
      const activityId = await notifier.post(ref, card);
      await store.saveCaseCard(institutionId, { caseId, kind: 'channel', staffId: null, conversationId: `${ref.conversation.id};messageid=${activityId}`, activityId });
    },

    /** Tells the new holder in their 1:1 chat (if they have one with Harbour) and brings the other cards up to date. */
    async handOver(institutionId: string, caseId: string, assigneeId: string): Promise<void> {
      await this.refreshPosted(institutionId, caseId);
      const cards = await store.caseCards(institutionId, caseId);
      if (cards.some((c) => c.kind === 'personal' && c.staffId === assigneeId)) return;
      const [ref, assignee] = await Promise.all([store.personal(institutionId, assigneeId), staffActor(institutionId, assigneeId)]);
      if (!ref || !assignee) return;
      const card = await personalCard(institutionId, caseId, assignee);
      if (!card) return;
      const activityId = await notifier.post(ref, card);
      await store.saveCaseCard(institutionId, { caseId, kind: 'personal', staffId: assigneeId, conversationId: ref.conversation.id, activityId });
    },

    /** Re-renders every card posted for the case (channel: everyone's view; 1:1: that person's view). */
    async refreshPosted(institutionId: string, caseId: string): Promise<void> {
      for (const posted of await store.caseCards(institutionId, caseId)) {
        const viewer = posted.staffId ? await staffActor(institutionId, posted.staffId) : null;
        const card =
          posted.kind === 'channel'
            ? await channelCard(institutionId, caseId, null)
            : ((viewer && (await personalCard(institutionId, caseId, viewer))) ?? noLongerYours(deps));
        if (card) await notifier.update(posted.reference, posted.conversationId, posted.activityId, card);
      }
    },
  };
}

export type CaseCardService = ReturnType<typeof caseCardService>;

/** What a 1:1 card turns into when its reader may no longer see the case. */
const noLongerYours = (deps: TeamsDeps) =>
  renderCard('staleAction', {
    title: 'You no longer have access to this case',
    message: 'Its access was changed in Harbour, so this card no longer shows it.',
    openUrl: caseListDeepLink(deps),
  });
