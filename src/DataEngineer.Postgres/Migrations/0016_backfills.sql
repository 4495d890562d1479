-- Backfills as something people act on (Airflow 3's backfill and backfill_dag_run): what was asked, its state
-- (running, paused, cancelled, done), who started it, and the runs it created or re-ran, by logical date. A run is
-- created or linked only while its backfill is running, checked under the backfill row's lock in the same transaction.

CREATE TABLE {schema}.backfills (
    id bigint GENERATED ALWAYS AS IDENTITY,
    dag_id text COLLATE "C" NOT NULL,
    from_date timestamptz NOT NULL,
    to_date timestamptz NOT NULL,
    reprocess text NOT NULL,
    max_active_runs integer NOT NULL,
    intervals integer NOT NULL,
    state text NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT backfills_pkey PRIMARY KEY (id),
    CONSTRAINT backfills_state_check CHECK (state IN ('running', 'paused', 'cancelled', 'done')),
    CONSTRAINT backfills_reprocess_check CHECK (reprocess IN ('none', 'failed', 'all')),
    CONSTRAINT backfills_max_active_runs_check CHECK (max_active_runs >= 1)
);

-- A DAG's backfills, newest first.
CREATE INDEX backfills_dag_idx ON {schema}.backfills (dag_id, id);

CREATE TABLE {schema}.backfill_runs (
    backfill_id bigint NOT NULL,
    logical_date timestamptz NOT NULL,
    dag_id text COLLATE "C" NOT NULL,
    run_id text COLLATE "C" NOT NULL,
    CONSTRAINT backfill_runs_pkey PRIMARY KEY (backfill_id, logical_date),
    CONSTRAINT backfill_runs_backfill_fkey FOREIGN KEY (backfill_id) REFERENCES {schema}.backfills (id) ON DELETE CASCADE
);
