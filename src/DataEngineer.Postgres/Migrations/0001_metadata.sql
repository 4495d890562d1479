-- The metadata schema: DAGs, runs, task instances and their tries, XCom, task logs and pools.
-- {schema} is replaced with the validated, quoted schema name. Identifier columns use the "C" collation so
-- that ORDER BY matches the ordinal string order the in-memory store uses, and comparisons stay cheap.
-- States are stored in the snake_case spellings of StateNames.

CREATE TABLE {schema}.dags (
    dag_id text COLLATE "C" NOT NULL,
    version text NOT NULL,
    schedule text,
    time_zone text NOT NULL,
    description text,
    owner text,
    tags text[] NOT NULL DEFAULT '{}',
    is_paused boolean NOT NULL,
    last_seen_at timestamptz NOT NULL,
    CONSTRAINT dags_pkey PRIMARY KEY (dag_id)
);

CREATE TABLE {schema}.dag_runs (
    dag_id text COLLATE "C" NOT NULL,
    run_id text COLLATE "C" NOT NULL,
    run_type text NOT NULL,
    -- The logical date is the data interval's start.
    data_interval_start timestamptz NOT NULL,
    data_interval_end timestamptz NOT NULL,
    conf jsonb NOT NULL DEFAULT '{}',
    state text NOT NULL,
    dag_version text NOT NULL,
    created_at timestamptz NOT NULL,
    started_at timestamptz,
    ended_at timestamptz,
    -- Declared before the logical date key: when a run repeats both, the run id is the one reported, as in memory.
    CONSTRAINT dag_runs_pkey PRIMARY KEY (dag_id, run_id),
    CONSTRAINT dag_runs_logical_date_key UNIQUE (dag_id, data_interval_start),
    CONSTRAINT dag_runs_run_type_check CHECK (run_type IN ('scheduled', 'manual', 'backfill')),
    CONSTRAINT dag_runs_state_check CHECK (state IN ('queued', 'running', 'success', 'failed'))
);

-- LatestRunAsync: the newest run of one type without walking the other types' runs.
CREATE INDEX dag_runs_type_idx ON {schema}.dag_runs (dag_id, run_type, data_interval_start);

-- ListActiveRunsAsync's order, and the running runs counted for max-active-runs; finished runs are most rows.
CREATE INDEX dag_runs_active_idx ON {schema}.dag_runs (data_interval_start, dag_id) WHERE state IN ('queued', 'running');
CREATE INDEX dag_runs_active_by_dag_idx ON {schema}.dag_runs (dag_id) WHERE state IN ('queued', 'running');

CREATE TABLE {schema}.task_instances (
    dag_id text COLLATE "C" NOT NULL,
    run_id text COLLATE "C" NOT NULL,
    task_id text COLLATE "C" NOT NULL,
    state text NOT NULL,
    try_number integer NOT NULL,
    max_tries integer NOT NULL,
    queue text NOT NULL,
    pool text COLLATE "C" NOT NULL,
    priority_weight integer NOT NULL,
    started_at timestamptz,
    ended_at timestamptz,
    next_try_at timestamptz,
    queued_at timestamptz,
    heartbeat_at timestamptz,
    hostname text,
    error text,
    rows_read bigint NOT NULL,
    rows_written bigint NOT NULL,
    rows_rejected bigint NOT NULL,
    CONSTRAINT task_instances_pkey PRIMARY KEY (dag_id, run_id, task_id),
    CONSTRAINT task_instances_run_fkey FOREIGN KEY (dag_id, run_id) REFERENCES {schema}.dag_runs (dag_id, run_id) ON DELETE CASCADE,
    CONSTRAINT task_instances_state_check CHECK (state IN (
        'none', 'scheduled', 'queued', 'running', 'success', 'failed', 'skipped', 'upstream_failed', 'up_for_retry', 'removed')),
    CONSTRAINT task_instances_try_number_check CHECK (try_number >= 0)
);

-- Occupancy counts (queued and running tries of a DAG, of a pool) run on every claim: small partial indexes.
CREATE INDEX task_instances_active_by_dag_idx ON {schema}.task_instances (dag_id) WHERE state IN ('queued', 'running');
CREATE INDEX task_instances_active_by_pool_idx ON {schema}.task_instances (pool) WHERE state IN ('queued', 'running');

-- ListTaskInstancesAsync by state (scheduled tasks to queue, running tries to check for zombies).
CREATE INDEX task_instances_state_idx ON {schema}.task_instances (state);

CREATE TABLE {schema}.task_tries (
    dag_id text COLLATE "C" NOT NULL,
    run_id text COLLATE "C" NOT NULL,
    task_id text COLLATE "C" NOT NULL,
    try_number integer NOT NULL,
    state text NOT NULL,
    started_at timestamptz,
    ended_at timestamptz,
    hostname text,
    queue text NOT NULL,
    error text,
    rows_read bigint NOT NULL,
    rows_written bigint NOT NULL,
    rows_rejected bigint NOT NULL,
    CONSTRAINT task_tries_pkey PRIMARY KEY (dag_id, run_id, task_id, try_number),
    CONSTRAINT task_tries_task_fkey FOREIGN KEY (dag_id, run_id, task_id)
        REFERENCES {schema}.task_instances (dag_id, run_id, task_id) ON DELETE CASCADE,
    CONSTRAINT task_tries_state_check CHECK (state IN (
        'none', 'scheduled', 'queued', 'running', 'success', 'failed', 'skipped', 'upstream_failed', 'up_for_retry', 'removed')),
    CONSTRAINT task_tries_try_number_check CHECK (try_number >= 1)
);

CREATE TABLE {schema}.xcom (
    dag_id text COLLATE "C" NOT NULL,
    run_id text COLLATE "C" NOT NULL,
    task_id text COLLATE "C" NOT NULL,
    key text COLLATE "C" NOT NULL,
    value jsonb NOT NULL,
    CONSTRAINT xcom_pkey PRIMARY KEY (dag_id, run_id, task_id, key),
    CONSTRAINT xcom_run_fkey FOREIGN KEY (dag_id, run_id) REFERENCES {schema}.dag_runs (dag_id, run_id) ON DELETE CASCADE
);

CREATE TABLE {schema}.task_logs (
    -- Appends are read back in insertion order.
    id bigint GENERATED ALWAYS AS IDENTITY,
    dag_id text COLLATE "C" NOT NULL,
    run_id text COLLATE "C" NOT NULL,
    task_id text COLLATE "C" NOT NULL,
    try_number integer NOT NULL,
    at timestamptz NOT NULL,
    level text NOT NULL,
    message text NOT NULL,
    CONSTRAINT task_logs_pkey PRIMARY KEY (id),
    CONSTRAINT task_logs_run_fkey FOREIGN KEY (dag_id, run_id) REFERENCES {schema}.dag_runs (dag_id, run_id) ON DELETE CASCADE
);

-- One try's log, already in order; it also serves the cascade from dag_runs.
CREATE INDEX task_logs_try_idx ON {schema}.task_logs (dag_id, run_id, task_id, try_number, id);

CREATE TABLE {schema}.pools (
    name text COLLATE "C" NOT NULL,
    slots integer NOT NULL,
    CONSTRAINT pools_pkey PRIMARY KEY (name),
    CONSTRAINT pools_slots_check CHECK (slots >= 0)
);

INSERT INTO {schema}.pools (name, slots) VALUES ('default_pool', 128);
