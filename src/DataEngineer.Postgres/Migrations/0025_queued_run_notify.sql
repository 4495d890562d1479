-- A run that becomes queued (a trigger, a backfill, a dataset event, a clear that reopens a finished run; inserted or
-- updated by any process) notifies the schedulers listening on 'dataengineer_run_queued', so they start it at once
-- instead of at their next tick. The payload is the schema, so several installations in one database do not wake each
-- other's schedulers. PostgreSQL delivers a notification at commit and folds identical ones of a transaction into one,
-- so a bulk insert of runs sends one.
CREATE FUNCTION {schema}.dag_runs_notify_queued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT 1 FROM new_rows n WHERE n.state = 'queued') THEN
            PERFORM pg_notify('dataengineer_run_queued', TG_TABLE_SCHEMA);
        END IF;
    ELSIF EXISTS (
        SELECT 1 FROM new_rows n JOIN old_rows o ON o.dag_id = n.dag_id AND o.run_id = n.run_id
        WHERE n.state = 'queued' AND o.state <> 'queued') THEN
        PERFORM pg_notify('dataengineer_run_queued', TG_TABLE_SCHEMA);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER dag_runs_notify_queued_insert AFTER INSERT ON {schema}.dag_runs
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {schema}.dag_runs_notify_queued();
CREATE TRIGGER dag_runs_notify_queued_update AFTER UPDATE ON {schema}.dag_runs
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {schema}.dag_runs_notify_queued();
