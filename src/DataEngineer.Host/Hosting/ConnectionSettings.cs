using DataEngineer.Host.Cli;
using Npgsql;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// Checks a configured PostgreSQL connection string and words the errors of using it: which setting,
/// which server, what went wrong and what to check. Never echoes the string itself (it holds a password).
/// </summary>
internal static class ConnectionSettings
{
    /// <exception cref="CliError">The string cannot be read as a PostgreSQL connection string.</exception>
    public static void Check(string connectionString, string name)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or FormatException or InvalidCastException)
        {
            var reason = e is KeyNotFoundException ? "it holds a part that is not key=value" : e.Message;
            throw new CliError(
                $"ConnectionStrings:{name} is not a valid PostgreSQL connection string ({reason}). " +
                $"Write it as Host=db.example.com;Port=5432;Database=dataengineer;Username=de;Password=... (environment variable ConnectionStrings__{name}).");
        }
    }

    /// <summary>The error for a server that refused or could not be reached.</summary>
    public static CliError Unreachable(string connectionString, string name, NpgsqlException e)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var reason = e is PostgresException postgres ? $"{postgres.SqlState}: {postgres.MessageText}" : e.Message;
        return new CliError(
            $"Cannot use the {name.ToLowerInvariant()} database {builder.Host}:{builder.Port}/{builder.Database} (ConnectionStrings:{name}): {reason}. " +
            "Check that PostgreSQL runs there and that the host, port, database, username and password are right.");
    }
}
