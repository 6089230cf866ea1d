import type { ConversationReference } from '@microsoft/agents-activity';
import type { Database, Sql } from '../../core/db/database.ts';

/** Where a case's card was posted, so it can be updated when the case changes elsewhere. */
export interface CaseCardRef {
  kind: 'channel' | 'personal';
  staffId: string | null;
  conversationId: string;
  activityId: string;
  reference: ConversationReference;
}

/** refreshUserIds inside the caller's (institution-scoped) transaction, so a card is built from one read. */
export async function refreshUserIdsIn(tx: Sql): Promise<string[]> {
  const r = await tx.query<{ teams_user_id: string }>(
    `SELECT DISTINCT t.teams_user_id FROM teams_conversations t JOIN staff s ON s.id = t.staff_id
     WHERE t.kind = 'personal' AND s.active AND (s.roles && ARRAY['case_manager','lead']) AND t.teams_user_id IS NOT NULL
     ORDER BY t.teams_user_id LIMIT 60`,
  );
  return r.rows.map((x) => x.teams_user_id);
}

/**
 * The conversations Harbour may write to, captured when the app is installed: one channel per
 * institution (its case-management team) and one 1:1 chat per staff member. Always read and written
 * under the institution's row security.
 */
export function conversationStore(db: Database) {
  return {
    async saveChannel(institutionId: string, input: { reference: ConversationReference; teamId: string; tenantId?: string; installedBy: string }): Promise<void> {
      const { reference: ref } = input;
      await db.forInstitution(institutionId, (tx) =>
        tx.query(
          `INSERT INTO teams_conversations (institution_id, kind, team_id, tenant_id, conversation_id, service_url, reference, installed_by)
           VALUES ($1, 'channel', $2, $3, $4, $5, $6, $7)
           ON CONFLICT (institution_id) WHERE kind = 'channel' DO UPDATE SET team_id = EXCLUDED.team_id, tenant_id = EXCLUDED.tenant_id,
             conversation_id = EXCLUDED.conversation_id, service_url = EXCLUDED.service_url, reference = EXCLUDED.reference,
             installed_by = EXCLUDED.installed_by, updated_at = now()`,
          [institutionId, input.teamId, input.tenantId ?? null, ref.conversation.id, ref.serviceUrl, JSON.stringify(ref), input.installedBy],
        ),
      );
    },

    async savePersonal(institutionId: string, input: { reference: ConversationReference; staffId: string; aadObjectId: string; teamsUserId: string; tenantId?: string }): Promise<void> {
      const { reference: ref } = input;
      await db.forInstitution(institutionId, (tx) =>
        tx.query(
          `INSERT INTO teams_conversations (institution_id, kind, staff_id, aad_object_id, teams_user_id, tenant_id, conversation_id, service_url, reference, installed_by)
           VALUES ($1, 'personal', $2, $3, $4, $5, $6, $7, $8, $2)
           ON CONFLICT (institution_id, aad_object_id) WHERE kind = 'personal' DO UPDATE SET staff_id = EXCLUDED.staff_id,
             teams_user_id = EXCLUDED.teams_user_id, tenant_id = EXCLUDED.tenant_id, conversation_id = EXCLUDED.conversation_id,
             service_url = EXCLUDED.service_url, reference = EXCLUDED.reference, updated_at = now()`,
          [institutionId, input.staffId, input.aadObjectId, input.teamsUserId, input.tenantId ?? null, ref.conversation.id, ref.serviceUrl, JSON.stringify(ref)],
        ),
      );
    },

    /** The app was removed from a team or a chat: forget that conversation (and its cards). */
    async forget(institutionId: string, conversationId: string): Promise<void> {
      await db.forInstitution(institutionId, async (tx) => {
        await tx.query(`DELETE FROM teams_case_cards WHERE split_part(conversation_id, ';', 1) = $1`, [conversationId]);
        await tx.query('DELETE FROM teams_conversations WHERE conversation_id = $1', [conversationId]);
      });
    },

    async channel(institutionId: string): Promise<ConversationReference | null> {
      const r = await db.forInstitution(institutionId, (tx) =>
        tx.query<{ reference: ConversationReference }>(`SELECT reference FROM teams_conversations WHERE kind = 'channel'`),
      );
      return r.rows[0]?.reference ?? null;
    },

    async personal(institutionId: string, staffId: string): Promise<ConversationReference | null> {
      const r = await db.forInstitution(institutionId, (tx) =>
        tx.query<{ reference: ConversationReference }>(`SELECT reference FROM teams_conversations WHERE kind = 'personal' AND staff_id = $1 ORDER BY updated_at DESC LIMIT 1`, [staffId]),
      );
      return r.rows[0]?.reference ?? null;
    },

    /** Teams user ids of active case managers and leads with a 1:1 chat: a channel card refreshes for them (Teams allows 60). */
    refreshUserIds: (institutionId: string) => db.forInstitution(institutionId, refreshUserIdsIn),

    async saveCaseCard(institutionId: string, card: { caseId: string; kind: 'channel' | 'personal'; staffId: string | null; conversationId: string; activityId: string }): Promise<void> {
      await db.forInstitution(institutionId, (tx) =>
        tx.query(
          `INSERT INTO teams_case_cards (institution_id, case_id, kind, staff_id, conversation_id, activity_id) VALUES ($1,$2,$3,$4,$5,$6)
           ON CONFLICT (conversation_id, activity_id) DO NOTHING`,
          [institutionId, card.caseId, card.kind, card.staffId, card.conversationId, card.activityId],
        ),
      );
    },

    /** The case's cards with the conversation each lives in (cards in forgotten conversations are gone). */
    async caseCards(institutionId: string, caseId: string): Promise<CaseCardRef[]> {
      const r = await db.forInstitution(institutionId, (tx) =>
        tx.query<{ kind: 'channel' | 'personal'; staff_id: string | null; conversation_id: string; activity_id: string; reference: ConversationReference }>(
          `SELECT k.kind, k.staff_id, k.conversation_id, k.activity_id, t.reference FROM teams_case_cards k
           JOIN teams_conversations t ON t.conversation_id = split_part(k.conversation_id, ';', 1)
           WHERE k.case_id = $1 ORDER BY k.created_at`,
          [caseId],
        ),
      );
      return r.rows.map((x) => ({ kind: x.kind, staffId: x.staff_id, conversationId: x.conversation_id, activityId: x.activity_id, reference: x.reference }));
    },
  };
}

export type ConversationStore = ReturnType<typeof conversationStore>;
