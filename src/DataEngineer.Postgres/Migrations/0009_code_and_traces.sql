-- The web UI's code view and trace links: the source text of each DAG version loaded from the DAGs
-- folder (null for DAGs from compiled assemblies), and the OpenTelemetry trace and span of each task try.

ALTER TABLE {schema}.dag_versions ADD COLUMN code jsonb;

ALTER TABLE {schema}.task_tries ADD COLUMN trace_id text, ADD COLUMN span_id text;
