-- Microsoft Teams: where Harbour may write (conversation references captured when the app is installed),
-- which message holds each case's channel card (so its state can be updated for everyone), and which
-- reminders were already sent (so several Harbour instances send each one once).

-- One row per place the bot may post: the institution's case-management channel, and each staff
-- member's personal 1:1 chat (keyed by their Entra object id, = activity.from.aadObjectId).
CREATE TABLE teams_conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id uuid NOT NULL REFERENCES institutions(id),
  kind text NOT NULL CHECK (kind IN ('channel','personal')),
  staff_id uuid REFERENCES staff(id),
  aad_object_id text,
  teams_user_id text,
  team_id text,
  tenant_id text,
  conversation_id text NOT NULL,
  service_url text NOT NULL,
  reference jsonb NOT NULL,
  installed_by uuid REFERENCES staff(id),
  installed_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind = 'channel' OR (staff_id IS NOT NULL AND aad_object_id IS NOT NULL)),
  CHECK (kind = 'personal' OR team_id IS NOT NULL)
);
CREATE UNIQUE INDEX teams_conversations_channel ON teams_conversations (institution_id) WHERE kind = 'channel';
CREATE UNIQUE INDEX teams_conversations_personal ON teams_conversations (institution_id, aad_object_id) WHERE kind = 'personal';

-- The card a case was announced with (channel) or handed over with (personal), so later changes
-- made elsewhere (the tab, another card) can update the same message.
CREATE TABLE teams_case_cards (
  institution_id uuid NOT NULL REFERENCES institutions(id),
  case_id uuid NOT NULL REFERENCES cases(id),
  kind text NOT NULL CHECK (kind IN ('channel','personal')),
  staff_id uuid REFERENCES staff(id),
  conversation_id text NOT NULL,
  activity_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, activity_id)
);
CREATE INDEX teams_case_cards_case ON teams_case_cards (institution_id, case_id);

-- A reminder is claimed by inserting its row; the unique key makes the second instance's insert a
-- no-op, so it does not send. sent_at is set once the Bot Connector accepted the message.
CREATE TABLE reminders_sent (
  institution_id uuid NOT NULL REFERENCES institutions(id),
  kind text NOT NULL CHECK (kind IN ('first_contact_due','task_due','overdue','digest')),
  subject_id uuid NOT NULL,
  recipient_id uuid NOT NULL REFERENCES staff(id),
  for_date date NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  PRIMARY KEY (institution_id, kind, subject_id, recipient_id, for_date)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['teams_conversations','teams_case_cards','reminders_sent']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (institution_id = harbour_institution()) WITH CHECK (institution_id = harbour_institution())', t || '_institution', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON teams_conversations, teams_case_cards, reminders_sent TO harbour_app;
