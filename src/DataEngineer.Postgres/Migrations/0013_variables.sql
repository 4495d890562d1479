-- Variables: small named settings tasks read at run time (Airflow's Variables). A secret variable's value is
-- stored encrypted with the host's data-protection keys; the plain value never reaches this table.

CREATE TABLE {schema}.variables (
    key text COLLATE "C" NOT NULL,
    value text NOT NULL,
    is_secret boolean NOT NULL,
    description text NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by text NOT NULL,
    CONSTRAINT variables_pkey PRIMARY KEY (key)
);
