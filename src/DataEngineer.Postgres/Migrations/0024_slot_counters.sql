-- The limits' occupancy as counters, kept by the database itself instead of counted under advisory locks (issue #16):
-- 'dag_runs' = running runs of a DAG (MaxActiveRuns), 'dag_tasks' = queued or running task instances of a DAG
-- (MaxActiveTasks), 'pool' = queued or running task instances in a pool (its slots).
--
-- The triggers below change the counters in the statement that moves a row into or out of queued/running (or
-- running, for runs), whoever runs it: a claim, a try's end, a person's mark, clear or cancel, the zombie reaper, a
-- run's deletion (the cascade), retention. So every slot is taken and given back exactly once, by the same
-- transaction as the state change, and a crashed worker's slot comes back with the reaper's end of its try.
--
-- A claim holds a limit by reading the counter after its own write in the same transaction (the counter row is then
-- locked by that write, from the statement until commit, never while a decision is being made) and rolling back if
-- it went over (PostgresMetadataStore.WriteAndCommitAsync). A statement whose changes cancel out (a finishing try
-- handing its slot to the next task of the run and pool) does not touch the counter row at all.
CREATE TABLE {schema}.slot_counters (
    kind text COLLATE "C" NOT NULL,
    key text COLLATE "C" NOT NULL,
    used integer NOT NULL,
    CONSTRAINT slot_counters_pkey PRIMARY KEY (kind, key),
    CONSTRAINT slot_counters_kind_check CHECK (kind IN ('dag_runs', 'dag_tasks', 'pool'))
);

-- Each trigger adds the net change of its statement, one row per counter, in (kind, key) order: two statements that
-- change the same counters lock them in the same order, so they cannot deadlock on them. A counter whose changes
-- cancel out is not written.
CREATE FUNCTION {schema}.task_instances_slots() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {schema}.slot_counters AS c (kind, key, used)
        SELECT kind, key, sum(delta) FROM (
            SELECT 'dag_tasks' AS kind, n.dag_id AS key, 1 AS delta FROM new_rows n WHERE n.state IN ('queued', 'running')
            UNION ALL SELECT 'pool', n.pool, 1 FROM new_rows n WHERE n.state IN ('queued', 'running')) changes
        GROUP BY kind, key HAVING sum(delta) <> 0 ORDER BY kind, key
        ON CONFLICT (kind, key) DO UPDATE SET used = c.used + excluded.used;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO {schema}.slot_counters AS c (kind, key, used)
        SELECT kind, key, sum(delta) FROM (
            SELECT 'dag_tasks' AS kind, o.dag_id AS key, -1 AS delta FROM old_rows o WHERE o.state IN ('queued', 'running')
            UNION ALL SELECT 'pool', o.pool, -1 FROM old_rows o WHERE o.state IN ('queued', 'running')) changes
        GROUP BY kind, key HAVING sum(delta) <> 0 ORDER BY kind, key
        ON CONFLICT (kind, key) DO UPDATE SET used = c.used + excluded.used;
    ELSE
        INSERT INTO {schema}.slot_counters AS c (kind, key, used)
        SELECT kind, key, sum(delta) FROM (
            SELECT 'dag_tasks' AS kind, n.dag_id AS key, 1 AS delta FROM new_rows n WHERE n.state IN ('queued', 'running')
            UNION ALL SELECT 'pool', n.pool, 1 FROM new_rows n WHERE n.state IN ('queued', 'running')
            UNION ALL SELECT 'dag_tasks', o.dag_id, -1 FROM old_rows o WHERE o.state IN ('queued', 'running')
            UNION ALL SELECT 'pool', o.pool, -1 FROM old_rows o WHERE o.state IN ('queued', 'running')) changes
        GROUP BY kind, key HAVING sum(delta) <> 0 ORDER BY kind, key
        ON CONFLICT (kind, key) DO UPDATE SET used = c.used + excluded.used;
    END IF;

    RETURN NULL;
END
$$;

CREATE FUNCTION {schema}.dag_runs_slots() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {schema}.slot_counters AS c (kind, key, used)
        SELECT 'dag_runs', n.dag_id, count(*) FROM new_rows n WHERE n.state = 'running' GROUP BY n.dag_id ORDER BY n.dag_id
        ON CONFLICT (kind, key) DO UPDATE SET used = c.used + excluded.used;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO {schema}.slot_counters AS c (kind, key, used)
        SELECT 'dag_runs', o.dag_id, -count(*) FROM old_rows o WHERE o.state = 'running' GROUP BY o.dag_id ORDER BY o.dag_id
        ON CONFLICT (kind, key) DO UPDATE SET used = c.used + excluded.used;
    ELSE
        INSERT INTO {schema}.slot_counters AS c (kind, key, used)
        SELECT 'dag_runs', key, sum(delta) FROM (
            SELECT n.dag_id AS key, 1 AS delta FROM new_rows n WHERE n.state = 'running'
            UNION ALL SELECT o.dag_id, -1 FROM old_rows o WHERE o.state = 'running') changes
        GROUP BY key HAVING sum(delta) <> 0 ORDER BY key
        ON CONFLICT (kind, key) DO UPDATE SET used = c.used + excluded.used;
    END IF;

    RETURN NULL;
END
$$;

-- Statement-level, with transition tables (which allow one event per trigger): one counter update per statement and
-- counter, however many rows it changed. A heartbeat's update changes no counter and writes nothing.
CREATE TRIGGER task_instances_slots_insert AFTER INSERT ON {schema}.task_instances
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {schema}.task_instances_slots();
CREATE TRIGGER task_instances_slots_update AFTER UPDATE ON {schema}.task_instances
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {schema}.task_instances_slots();
CREATE TRIGGER task_instances_slots_delete AFTER DELETE ON {schema}.task_instances
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {schema}.task_instances_slots();
CREATE TRIGGER dag_runs_slots_insert AFTER INSERT ON {schema}.dag_runs
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {schema}.dag_runs_slots();
CREATE TRIGGER dag_runs_slots_update AFTER UPDATE ON {schema}.dag_runs
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {schema}.dag_runs_slots();
CREATE TRIGGER dag_runs_slots_delete AFTER DELETE ON {schema}.dag_runs
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {schema}.dag_runs_slots();

-- What is queued or running now is counted once, here: the triggers keep the counts from now on. The tables are
-- locked first so no state change can slip between the count and the triggers (the migration runs in one
-- transaction).
LOCK TABLE {schema}.dag_runs, {schema}.task_instances IN SHARE ROW EXCLUSIVE MODE;
INSERT INTO {schema}.slot_counters (kind, key, used)
SELECT 'dag_runs', dag_id, count(*) FROM {schema}.dag_runs WHERE state = 'running' GROUP BY dag_id
UNION ALL
SELECT 'dag_tasks', dag_id, count(*) FROM {schema}.task_instances WHERE state IN ('queued', 'running') GROUP BY dag_id
UNION ALL
SELECT 'pool', pool, count(*) FROM {schema}.task_instances WHERE state IN ('queued', 'running') GROUP BY pool;
