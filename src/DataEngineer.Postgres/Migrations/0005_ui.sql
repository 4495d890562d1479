-- The web UI and REST API: engine processes' heartbeats (the health page), the audit log of every action,
-- web users kept in the database (the standalone admin), and indexes the UI's pages read through.

CREATE TABLE {schema}.engine_processes (
    process_id text COLLATE "C" NOT NULL,
    hostname text NOT NULL,
    roles text[] NOT NULL,
    queues text[] NOT NULL DEFAULT '{}',
    concurrency integer NOT NULL,
    started_at timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL,
    CONSTRAINT engine_processes_pkey PRIMARY KEY (process_id)
);

CREATE INDEX engine_processes_heartbeat_idx ON {schema}.engine_processes (heartbeat_at);

CREATE TABLE {schema}.audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY,
    at timestamptz NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    target text NOT NULL,
    detail text NOT NULL,
    CONSTRAINT audit_log_pkey PRIMARY KEY (id)
);

CREATE TABLE {schema}.web_users (
    user_name text COLLATE "C" NOT NULL,
    password_hash text NOT NULL,
    role text NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT web_users_pkey PRIMARY KEY (user_name),
    CONSTRAINT web_users_role_check CHECK (role IN ('viewer', 'operator', 'admin'))
);

-- The DAGs page counts and pages DAGs by owner and tag; the run grid pages a DAG's runs newest first through the
-- (dag_id, data_interval_start) unique key already there. XCom of a run is read through its primary key.
CREATE INDEX dags_owner_idx ON {schema}.dags (owner);
CREATE INDEX dags_tags_idx ON {schema}.dags USING gin (tags);
