-- Once-per-period jobs (weekly reminders, the nightly retention run): the first process to insert
-- the period's row runs it; the others, and restarts within the period, skip it.
CREATE TABLE job_runs (
  name text NOT NULL,
  period text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, period)
);
