-- Query plans and table growth: each SQL statement a try ran (text, duration, rows, EXPLAIN plan), and each dataset
-- write's total size on disk and row estimate.

CREATE TABLE {schema}.task_statements (
    id bigint GENERATED ALWAYS AS IDENTITY,
    dag_id text COLLATE "C" NOT NULL,
    run_id text COLLATE "C" NOT NULL,
    task_id text COLLATE "C" NOT NULL,
    try_number integer NOT NULL,
    script text NOT NULL,
    ordinal integer NOT NULL,
    statement text NOT NULL,
    duration_ms double precision NOT NULL,
    rows bigint NOT NULL,
    -- EXPLAIN (FORMAT JSON) as PostgreSQL printed it, masked; NULL for a statement that cannot be explained.
    plan text,
    at timestamptz NOT NULL,
    CONSTRAINT task_statements_pkey PRIMARY KEY (id)
);

-- A run's statements (the try page, query_plan, db clean), and one task's latest runs of each statement (duration history).
CREATE INDEX task_statements_run_idx ON {schema}.task_statements (dag_id, run_id, task_id, try_number, ordinal);
CREATE INDEX task_statements_task_idx ON {schema}.task_statements (dag_id, task_id, id);

ALTER TABLE {schema}.dataset_writes ADD COLUMN size_bytes bigint, ADD COLUMN row_estimate bigint;

-- A run's quality events (the try page's anomaly flags, diagnose_run), without reading every quality event.
CREATE INDEX quality_events_run_idx ON {schema}.quality_events (dag_id, run_id, id);
