namespace DataEngineer.Postgres.Local;

/// <summary>Where the metadata database is: configured, or run locally from the machine's PostgreSQL binaries.</summary>
public sealed class MetadataDatabaseOptions
{
    /// <summary>ConnectionStrings:Metadata; when set, it is used as is and no local server is run.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>DataEngineer:PostgresBinDirectory; null searches as <see cref="PostgresBinaries.Find"/> does.</summary>
    public string? PostgresBinDirectory { get; init; }

    /// <summary>The local server's data directory; null means <see cref="LocalPostgresDefaults.DataDirectory"/>.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The database created on the local server for DataEngineer's metadata.</summary>
    public string DatabaseName { get; init; } = "dataengineer";
}
