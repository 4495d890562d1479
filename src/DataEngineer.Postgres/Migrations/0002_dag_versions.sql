-- DAG loading: whether a DAG is still defined by a loaded source, every version of every DAG
-- (so a run's graph can be shown after its code changed), and the current import errors.

ALTER TABLE {schema}.dags ADD COLUMN is_active boolean NOT NULL DEFAULT true;

CREATE TABLE {schema}.dag_versions (
    dag_id text COLLATE "C" NOT NULL,
    version text COLLATE "C" NOT NULL,
    structure jsonb NOT NULL,
    first_seen_at timestamptz NOT NULL,
    CONSTRAINT dag_versions_pkey PRIMARY KEY (dag_id, version)
);

CREATE TABLE {schema}.import_errors (
    position integer NOT NULL,
    source text NOT NULL,
    dag_id text,
    line integer,
    message text NOT NULL,
    CONSTRAINT import_errors_pkey PRIMARY KEY (position)
);
