-- The try that recorded a quality event (a failed check, a row-count anomaly), so its alert links to that try's page.
-- Null for events no try recorded (a freshness breach) and for events recorded before this column.

ALTER TABLE {schema}.quality_events ADD COLUMN try_number integer;
