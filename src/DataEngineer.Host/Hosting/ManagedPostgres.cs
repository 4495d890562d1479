using DataEngineer.Postgres.Local;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Hosting;

/// <summary>Starts the embedded-default PostgreSQL from configuration (<c>DataEngineer:PostgresBinDirectory</c>, <c>DataEngineer:PostgresDataDirectory</c>).</summary>
internal static class ManagedPostgres
{
    public static Task<LocalPostgres> StartAsync(IConfiguration configuration, string neededFor, CancellationToken ct)
    {
        var section = configuration.GetSection("DataEngineer");
        var bin = NullIfBlank(section["PostgresBinDirectory"]);
        if (PostgresBinaries.Find(bin) is null)
        {
            throw new PostgresUnavailableException(bin, neededFor);
        }

        var options = new LocalPostgresOptions
        {
            DataDirectory = NullIfBlank(section["PostgresDataDirectory"]) ?? LocalPostgresDefaults.DataDirectory(),
            BinDirectory = bin,
        };
        return LocalPostgres.StartAsync(options, logger: null, ct);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
