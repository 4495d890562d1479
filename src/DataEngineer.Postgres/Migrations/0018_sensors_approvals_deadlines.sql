-- Sensors and approvals wait without a slot: a sensor's unmet poke leaves its task up_for_reschedule until the next poke
-- (next_try_at), an approval task is awaiting_input until a person decides or its timeout (next_try_at) passes.
ALTER TABLE {schema}.task_instances DROP CONSTRAINT task_instances_state_check;
ALTER TABLE {schema}.task_instances ADD CONSTRAINT task_instances_state_check CHECK (state IN (
    'none', 'scheduled', 'queued', 'running', 'success', 'failed', 'skipped', 'upstream_failed', 'up_for_retry', 'removed',
    'up_for_reschedule', 'awaiting_input'));

ALTER TABLE {schema}.task_tries DROP CONSTRAINT task_tries_state_check;
ALTER TABLE {schema}.task_tries ADD CONSTRAINT task_tries_state_check CHECK (state IN (
    'none', 'scheduled', 'queued', 'running', 'success', 'failed', 'skipped', 'upstream_failed', 'up_for_retry', 'removed',
    'up_for_reschedule', 'awaiting_input'));

-- A run that missed its DAG's deadline (DagOptions.Deadline after its data interval's end) while still going: one row per
-- run, inserted by whichever scheduler saw it first, which is the one that raises the DeadlineMissed alert.
CREATE TABLE {schema}.deadline_misses (
    dag_id text COLLATE "C" NOT NULL,
    run_id text COLLATE "C" NOT NULL,
    deadline_at timestamptz NOT NULL,
    missed_at timestamptz NOT NULL,
    CONSTRAINT deadline_misses_pkey PRIMARY KEY (dag_id, run_id),
    CONSTRAINT deadline_misses_run_fkey FOREIGN KEY (dag_id, run_id) REFERENCES {schema}.dag_runs (dag_id, run_id) ON DELETE CASCADE
);
