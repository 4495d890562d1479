-- The "broken now" view's reads: failed runs (few among many finished runs) and the recent check results.
CREATE INDEX dag_runs_failed_idx ON {schema}.dag_runs (dag_id, data_interval_start) WHERE state = 'failed';
CREATE INDEX check_results_at_idx ON {schema}.check_results (at);
