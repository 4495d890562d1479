-- A dataset's events, newest first (the dataset page, `datasets show`, GET /api/v1/datasets/{name}),
-- without reading every quality event.
CREATE INDEX quality_events_dataset_idx ON {schema}.quality_events (dataset, id DESC);
