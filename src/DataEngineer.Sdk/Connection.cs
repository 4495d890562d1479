using System.Data.Common;
using System.Text;

namespace DataEngineer.Sdk;

/// <summary>
/// A named connection to an outside system (Airflow's Connection): what kind it is, where it is and how to log in.
/// Tasks get one with <see cref="TaskContext.GetConnection"/>; the host reads them from configuration
/// (<c>DataEngineer:Connections:&lt;name&gt;</c>), environment variables holding a URI
/// (<c>DATAENGINEER_CONN_&lt;NAME&gt;=postgresql://user:pass@host:5432/db</c>) and secret files.
/// <see cref="ToString"/> never shows the password.
/// </summary>
public sealed record Connection
{
    /// <summary>The name tasks ask for, e.g. <c>warehouse</c>.</summary>
    public required string Name { get; init; }

    /// <summary>What the connection is to, the URI's scheme in lower case: <c>postgresql</c>, <c>https</c>, <c>s3</c>, ...</summary>
    public required string Kind { get; init; }

    /// <summary>The host name or address, if any.</summary>
    public string? Host { get; init; }

    /// <summary>The port, if given.</summary>
    public int? Port { get; init; }

    /// <summary>The database (or the URI's path, without its leading <c>/</c>), if any.</summary>
    public string? Database { get; init; }

    /// <summary>The user name to log in with, if any.</summary>
    public string? Login { get; init; }

    /// <summary>The password or secret to log in with, if any. Never log it: the engine masks it, other places may not.</summary>
    public string? Password { get; init; }

    /// <summary>Any other settings (the URI's query, e.g. <c>sslmode=require</c>), by name.</summary>
    public IReadOnlyDictionary<string, string> Extras { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether this connection is to PostgreSQL (kind <c>postgresql</c> or <c>postgres</c>).</summary>
    public bool IsPostgres => Kind is "postgresql" or "postgres";

    /// <summary>
    /// The connection as an Npgsql connection string (<c>Host=...;Port=...;Database=...;Username=...;Password=...</c>
    /// and the extras).
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection is not to PostgreSQL.</exception>
    public string ToConnectionString()
    {
        if (!IsPostgres)
        {
            throw new InvalidOperationException(
                $"Connection '{Name}' is a {Kind} connection, not PostgreSQL, so it has no Npgsql connection string. Read its parts with GetConnection(\"{Name}\").");
        }

        var builder = new DbConnectionStringBuilder();
        Add(builder, "Host", Host);
        Add(builder, "Port", Port?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(builder, "Database", Database);
        Add(builder, "Username", Login);
        Add(builder, "Password", Password);
        foreach (var (key, value) in Extras)
        {
            builder[key] = value;
        }

        return builder.ConnectionString;
    }

    /// <summary>The connection as a URI with its password shown as <c>***</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Kind).Append("://");
        if (Login is not null || Password is not null)
        {
            text.Append(Uri.EscapeDataString(Login ?? ""));
            if (Password is not null)
            {
                text.Append(":***");
            }

            text.Append('@');
        }

        text.Append(Host);
        if (Port is { } port)
        {
            text.Append(':').Append(port);
        }

        if (Database is not null)
        {
            text.Append('/').Append(Uri.EscapeDataString(Database));
        }

        if (Extras.Count > 0)
        {
            text.Append('?').AppendJoin('&', Extras.Select(e => $"{Uri.EscapeDataString(e.Key)}={Uri.EscapeDataString(e.Value)}"));
        }

        return text.ToString();
    }

    private static void Add(DbConnectionStringBuilder builder, string key, string? value)
    {
        if (value is not null)
        {
            builder[key] = value;
        }
    }
}
