-- The per-task path's reads (PostgresMetadataStore.ScopeUpdates): the next ready task of a run in priority order, and
-- whether a run has anything waiting to run, each an index probe however big the run is.
CREATE INDEX task_instances_run_ready_idx ON {schema}.task_instances (dag_id, run_id, priority_weight DESC, task_id) WHERE state = 'scheduled';
CREATE INDEX task_instances_run_waiting_idx ON {schema}.task_instances (dag_id, run_id) WHERE state IN ('scheduled', 'queued', 'up_for_retry');
