namespace DataEngineer.Postgres.Local;

/// <summary>
/// No metadata database is configured and no PostgreSQL server binaries were found to run one locally.
/// </summary>
public sealed class PostgresUnavailableException : Exception
{
    /// <summary>
    /// Creates the error; <paramref name="configuredBinDirectory"/> is the setting that was tried, if any, and
    /// <paramref name="connectionName"/> the connection that needed a server (Metadata or Warehouse).
    /// </summary>
    public PostgresUnavailableException(string? configuredBinDirectory, string connectionName = "Metadata")
        : base(Describe(configuredBinDirectory, connectionName))
    {
        ConfiguredBinDirectory = configuredBinDirectory;
    }

    /// <summary>The configured DataEngineer:PostgresBinDirectory that held no server binaries, if one was set.</summary>
    public string? ConfiguredBinDirectory { get; }

    private static string Describe(string? configuredBinDirectory, string connectionName)
    {
        var searched = string.IsNullOrWhiteSpace(configuredBinDirectory)
            ? "on PATH or under /usr/lib/postgresql/*/bin"
            : $"in '{configuredBinDirectory}' (the configured DataEngineer:PostgresBinDirectory)";
        var purpose = connectionName == "Metadata" ? "its metadata database" : $"the {connectionName.ToLowerInvariant()} database";
        return $"DataEngineer needs PostgreSQL for {purpose}, but no connection string is configured "
            + $"and no PostgreSQL server binaries (initdb, pg_ctl, postgres) were found {searched}. "
            + $"Either point it at an existing PostgreSQL by setting the environment variable ConnectionStrings__{connectionName} "
            + $"(or ConnectionStrings:{connectionName} in appsettings.json), or install the PostgreSQL server binaries "
            + "(e.g. `apt-get install postgresql`) or set DataEngineer:PostgresBinDirectory to the directory that holds them, "
            + "and DataEngineer will run a local PostgreSQL itself.";
    }
}
