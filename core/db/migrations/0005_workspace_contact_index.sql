-- "First contact overdue / due today / due this week", newest first: the lead's triage view. The
-- cases still waiting for first contact are few; with this index the list reads just the page it
-- shows instead of every waiting case sorted (87 ms → under 1 ms at 100,000 cases).
CREATE INDEX cases_awaiting_contact_newest ON cases (institution_id, created_at DESC, id DESC) WHERE first_contact_at IS NULL AND status <> 'closed';
