namespace DataEngineer.Dags.OrdersEtl.Star;

/// <summary>The staging table customers_snapshot writes.</summary>
public static class StagingSchema
{
    /// <summary>Idempotent DDL for staging.customers.</summary>
    public const string Ddl =
        """
        CREATE SCHEMA IF NOT EXISTS staging;
        CREATE TABLE IF NOT EXISTS staging.customers (
            snapshot_date date NOT NULL,
            customer_id integer NOT NULL,
            name text NOT NULL,
            email text NOT NULL,
            country text NOT NULL,
            segment text NOT NULL,
            PRIMARY KEY (snapshot_date, customer_id));
        """;

    /// <summary>The columns snapshot_customers loads, in order.</summary>
    public static readonly string[] Columns = ["snapshot_date", "customer_id", "name", "email", "country", "segment"];
}
