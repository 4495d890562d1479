-- A worker's claim of queued work (PostgresMetadataStore.ClaimQueuedAsync): the next queued task of a queue in
-- priority order, an index probe however many tasks wait.
CREATE INDEX task_instances_queued_idx ON {schema}.task_instances (queue, priority_weight DESC, queued_at) WHERE state = 'queued';
