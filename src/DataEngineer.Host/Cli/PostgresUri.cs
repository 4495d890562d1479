using Npgsql;

namespace DataEngineer.Host.Cli;

/// <summary>A connection as a libpq URI (<c>postgresql://user:password@host:port/database</c>), which psql, pgAdmin and most drivers take.</summary>
internal static class PostgresUri
{
    public const string MaskedPassword = "****";

    public static string Of(NpgsqlConnectionStringBuilder connection, bool showPassword)
    {
        var user = connection.Username is { Length: > 0 } name ? Uri.EscapeDataString(name) : "";
        var password = connection.Password is { Length: > 0 } secret ? ":" + (showPassword ? Uri.EscapeDataString(secret) : MaskedPassword) : "";
        var credentials = user.Length > 0 ? $"{user}{password}@" : "";
        // A Unix socket directory is a host too, percent-encoded as libpq reads it.
        var host = connection.Host is { } h && h.StartsWith('/') ? Uri.EscapeDataString(h) : connection.Host ?? "";
        var query = connection.SslMode != SslMode.Prefer ? $"?sslmode={connection.SslMode.ToString().ToLowerInvariant() switch { "verifyca" => "verify-ca", "verifyfull" => "verify-full", var m => m }}" : "";
        return $"postgresql://{credentials}{host}:{connection.Port}/{Uri.EscapeDataString(connection.Database ?? "")}{query}";
    }
}
