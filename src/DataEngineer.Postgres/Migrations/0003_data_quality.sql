-- Data quality and observability: datasets (latest state, every write, schema versions), quality check results,
-- high-water marks of incremental extracts, and quality events (failed checks, row-count anomalies, schema
-- drift, new values, freshness breaches) that alerting subscribes to by id.

CREATE TABLE {schema}.datasets (
    name text COLLATE "C" NOT NULL,
    dag_id text COLLATE "C" NOT NULL,
    task_id text COLLATE "C" NOT NULL,
    last_run_id text NOT NULL,
    last_written_at timestamptz NOT NULL,
    data_updated_at timestamptz,
    row_count bigint NOT NULL,
    freshness_sla interval,
    schema_version integer NOT NULL,
    columns jsonb NOT NULL,
    column_values jsonb NOT NULL,
    CONSTRAINT datasets_pkey PRIMARY KEY (name)
);

CREATE TABLE {schema}.dataset_writes (
    id bigint GENERATED ALWAYS AS IDENTITY,
    dataset text COLLATE "C" NOT NULL,
    dag_id text COLLATE "C" NOT NULL,
    run_id text COLLATE "C" NOT NULL,
    task_id text COLLATE "C" NOT NULL,
    try_number integer NOT NULL,
    at timestamptz NOT NULL,
    logical_date timestamptz NOT NULL,
    row_count bigint NOT NULL,
    rows_written bigint NOT NULL,
    data_updated_at timestamptz,
    schema_version integer NOT NULL,
    CONSTRAINT dataset_writes_pkey PRIMARY KEY (id)
);

-- datasets show (newest writes of a dataset) and the anomaly history (newest writes of one task).
CREATE INDEX dataset_writes_dataset_idx ON {schema}.dataset_writes (dataset, id);
CREATE INDEX dataset_writes_task_idx ON {schema}.dataset_writes (dataset, dag_id, task_id, id);

CREATE TABLE {schema}.dataset_schemas (
    dataset text COLLATE "C" NOT NULL,
    version integer NOT NULL,
    columns jsonb NOT NULL,
    dag_id text NOT NULL,
    run_id text NOT NULL,
    first_seen_at timestamptz NOT NULL,
    CONSTRAINT dataset_schemas_pkey PRIMARY KEY (dataset, version)
);

CREATE TABLE {schema}.check_results (
    id bigint GENERATED ALWAYS AS IDENTITY,
    dag_id text COLLATE "C" NOT NULL,
    run_id text COLLATE "C" NOT NULL,
    task_id text COLLATE "C" NOT NULL,
    try_number integer NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    severity text NOT NULL,
    target text NOT NULL,
    failing_count bigint NOT NULL,
    sample text NOT NULL,
    at timestamptz NOT NULL,
    CONSTRAINT check_results_pkey PRIMARY KEY (id),
    CONSTRAINT check_results_severity_check CHECK (severity IN ('warn', 'error'))
);

CREATE INDEX check_results_run_idx ON {schema}.check_results (dag_id, run_id, id);

CREATE TABLE {schema}.watermarks (
    dag_id text COLLATE "C" NOT NULL,
    task_id text COLLATE "C" NOT NULL,
    source text COLLATE "C" NOT NULL,
    value text NOT NULL,
    run_id text NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT watermarks_pkey PRIMARY KEY (dag_id, task_id, source)
);

-- Before/after are JSON kept as text, byte for byte as recorded.
CREATE TABLE {schema}.quality_events (
    id bigint GENERATED ALWAYS AS IDENTITY,
    kind text NOT NULL,
    severity text NOT NULL,
    dataset text COLLATE "C",
    dag_id text COLLATE "C",
    run_id text,
    task_id text,
    message text NOT NULL,
    before text,
    after text,
    at timestamptz NOT NULL,
    resolved_at timestamptz,
    CONSTRAINT quality_events_pkey PRIMARY KEY (id),
    CONSTRAINT quality_events_severity_check CHECK (severity IN ('warn', 'error'))
);

-- A dataset has at most one open freshness breach, however many schedulers sweep at once.
CREATE UNIQUE INDEX quality_events_open_breach_idx ON {schema}.quality_events (dataset)
    WHERE kind = 'freshness_breach' AND resolved_at IS NULL;
