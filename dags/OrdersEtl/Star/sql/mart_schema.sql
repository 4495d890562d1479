-- The star schema's tables (idempotent). One advisory lock serialises DDL with the other example DAGs.
SELECT pg_advisory_xact_lock(232128513);
CREATE SCHEMA IF NOT EXISTS mart;
CREATE TABLE IF NOT EXISTS mart.dim_date (
    date_key integer PRIMARY KEY,
    date date NOT NULL UNIQUE,
    year integer NOT NULL,
    quarter integer NOT NULL,
    month integer NOT NULL,
    month_name text NOT NULL,
    iso_week integer NOT NULL,
    day_of_week integer NOT NULL,
    day_name text NOT NULL,
    is_weekend boolean NOT NULL);
CREATE TABLE IF NOT EXISTS mart.dim_customers (
    customer_sk bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id integer NOT NULL,
    name text NOT NULL,
    email text NOT NULL,
    country text NOT NULL,
    segment text NOT NULL,
    valid_from timestamptz NOT NULL,
    valid_to timestamptz NOT NULL,
    is_current boolean NOT NULL,
    UNIQUE (customer_id, valid_from));
CREATE UNIQUE INDEX IF NOT EXISTS dim_customers_one_current ON mart.dim_customers (customer_id) WHERE is_current;
CREATE TABLE IF NOT EXISTS mart.fact_orders (
    order_id bigint PRIMARY KEY,
    customer_sk bigint NOT NULL REFERENCES mart.dim_customers (customer_sk),
    date_key integer NOT NULL REFERENCES mart.dim_date (date_key),
    amount numeric(12, 2) NOT NULL,
    currency text NOT NULL,
    amount_usd numeric(12, 2) NOT NULL,
    status text NOT NULL,
    is_refunded boolean NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL);
CREATE INDEX IF NOT EXISTS fact_orders_customer_sk ON mart.fact_orders (customer_sk);
CREATE INDEX IF NOT EXISTS fact_orders_date_key ON mart.fact_orders (date_key);
