-- Data-aware scheduling: dataset update events, written with the successful end of the try that produced them,
-- and their consumption by dataset-scheduled DAGs (Airflow's dataset events and queued dag runs).

ALTER TABLE {schema}.dag_runs DROP CONSTRAINT dag_runs_run_type_check;
ALTER TABLE {schema}.dag_runs ADD CONSTRAINT dag_runs_run_type_check
    CHECK (run_type IN ('scheduled', 'manual', 'backfill', 'dataset_triggered'));

CREATE TABLE {schema}.dataset_events (
    id bigint GENERATED ALWAYS AS IDENTITY,
    dataset text COLLATE "C" NOT NULL,
    dag_id text COLLATE "C" NOT NULL,
    run_id text COLLATE "C" NOT NULL,
    task_id text COLLATE "C" NOT NULL,
    try_number integer NOT NULL,
    at timestamptz NOT NULL,
    CONSTRAINT dataset_events_pkey PRIMARY KEY (id),
    -- A try updates a dataset once, however often its end is written.
    CONSTRAINT dataset_events_try_key UNIQUE (dataset, dag_id, run_id, task_id, try_number)
);

CREATE INDEX dataset_events_dataset_idx ON {schema}.dataset_events (dataset, id);

-- A consuming DAG's queue starts when the scheduler first sees the DAG: older events do not count for it.
CREATE TABLE {schema}.dataset_consumers (
    dag_id text COLLATE "C" NOT NULL,
    events_after bigint NOT NULL,
    started_at timestamptz NOT NULL,
    CONSTRAINT dataset_consumers_pkey PRIMARY KEY (dag_id)
);

-- Which run consumed which event. The key makes consumption exactly once across schedulers: a second scheduler
-- consuming an event already consumed fails its whole transaction, run included. No foreign key to the run:
-- deleting a run must not hand its events back to the queue.
CREATE TABLE {schema}.dataset_triggers (
    dag_id text COLLATE "C" NOT NULL,
    event_id bigint NOT NULL REFERENCES {schema}.dataset_events (id) ON DELETE CASCADE,
    run_id text COLLATE "C" NOT NULL,
    CONSTRAINT dataset_triggers_pkey PRIMARY KEY (dag_id, event_id)
);

CREATE INDEX dataset_triggers_run_idx ON {schema}.dataset_triggers (dag_id, run_id);
