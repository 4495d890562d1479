-- The dataset catalog and lineage, as the loaded DAGs declare them (Dataset catalog properties on TaskOptions.Reads
-- and Writes). The scheduler replaces both at each DAG sync, so a DAG that is no longer loaded loses its edges.

CREATE TABLE {schema}.dataset_catalog (
    name text COLLATE "C" NOT NULL,
    owner text,
    description text,
    tags jsonb NOT NULL,
    columns jsonb NOT NULL,
    contract text NOT NULL,
    retention jsonb,
    freshness_column text,
    freshness_sla interval,
    declared_by text,
    warnings jsonb NOT NULL,
    CONSTRAINT dataset_catalog_pkey PRIMARY KEY (name)
);

CREATE TABLE {schema}.dataset_lineage (
    dataset text COLLATE "C" NOT NULL,
    access text NOT NULL,
    dag_id text COLLATE "C" NOT NULL,
    task_id text COLLATE "C" NOT NULL,
    CONSTRAINT dataset_lineage_pkey PRIMARY KEY (dataset, access, dag_id, task_id),
    CONSTRAINT dataset_lineage_access_check CHECK (access IN ('reads', 'writes'))
);
