-- Web sessions and the data-protection key ring, shared by every web process against this database.
-- A user's session stamp is copied into their login cookie; replacing it (logout, an admin's revoke) ends every
-- session issued before, in every process. The key ring protects cookies, antiforgery tokens and secret values:
-- kept here, it survives redeploys and is the same for every web replica.

CREATE TABLE {schema}.web_session_stamps (
    user_name text COLLATE "C" NOT NULL,
    stamp text NOT NULL,
    changed_at timestamptz NOT NULL,
    CONSTRAINT web_session_stamps_pkey PRIMARY KEY (user_name)
);

CREATE TABLE {schema}.data_protection_keys (
    id bigint GENERATED ALWAYS AS IDENTITY,
    friendly_name text NOT NULL,
    xml text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT data_protection_keys_pkey PRIMARY KEY (id)
);
