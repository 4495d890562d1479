-- Runs that may be startable notify the schedulers listening on 'dataengineer_run_start' (IRunStartSignal), so they
-- start them at once instead of at their next tick: a run that becomes queued (a trigger, a backfill, a dataset event,
-- a clear that reopens a finished run) and a run that ends (its DAG's run slot is free for a queued run or the next
-- run of a catchup backlog), inserted or updated by any process. The payload is the schema, so several installations
-- in one database do not wake each other's schedulers. PostgreSQL delivers a notification at commit and folds identical
-- ones of a transaction into one, so a bulk insert of runs sends one.
CREATE FUNCTION {schema}.dag_runs_notify_start() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT 1 FROM new_rows n WHERE n.state = 'queued') THEN
            PERFORM pg_notify('dataengineer_run_start', TG_TABLE_SCHEMA);
        END IF;
    ELSIF EXISTS (
        SELECT 1 FROM new_rows n JOIN old_rows o ON o.dag_id = n.dag_id AND o.run_id = n.run_id
        WHERE (n.state = 'queued' AND o.state <> 'queued')
           OR (o.state IN ('queued', 'running') AND n.state NOT IN ('queued', 'running'))) THEN
        PERFORM pg_notify('dataengineer_run_start', TG_TABLE_SCHEMA);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER dag_runs_notify_start_insert AFTER INSERT ON {schema}.dag_runs
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {schema}.dag_runs_notify_start();
CREATE TRIGGER dag_runs_notify_start_update AFTER UPDATE ON {schema}.dag_runs
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {schema}.dag_runs_notify_start();
