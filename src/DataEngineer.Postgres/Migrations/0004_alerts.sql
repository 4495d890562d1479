-- The alert outbox: one row per event and recipient, recorded before delivery. The unique key makes an event
-- alert once whichever processes publish it; deliverers claim due rows with a lease (claimed_until) so two
-- processes never send the same alert at once. Secrets are never stored: only the rendered message.

CREATE TABLE {schema}.alerts (
    id bigint GENERATED ALWAYS AS IDENTITY,
    event_key text COLLATE "C" NOT NULL,
    kind text NOT NULL,
    recipient text NOT NULL,
    channel text NOT NULL,
    address text,
    dag_id text COLLATE "C",
    run_id text COLLATE "C",
    task_id text COLLATE "C",
    subject text NOT NULL,
    body text NOT NULL,
    payload jsonb NOT NULL,
    status text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    created_at timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    claimed_until timestamptz,
    sent_at timestamptz,
    CONSTRAINT alerts_pkey PRIMARY KEY (id),
    CONSTRAINT alerts_event_recipient_key UNIQUE (event_key, recipient),
    CONSTRAINT alerts_status_check CHECK (status IN ('pending', 'sent', 'failed')),
    CONSTRAINT alerts_attempts_check CHECK (attempts >= 0)
);

-- The deliverers' poll: only pending rows, in due order.
CREATE INDEX alerts_due_idx ON {schema}.alerts (next_attempt_at, id) WHERE status = 'pending';
