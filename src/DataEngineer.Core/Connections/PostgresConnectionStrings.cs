using System.Data.Common;
using System.Globalization;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Connections;

/// <summary>Reads an Npgsql connection string (<c>Host=...;Port=...;Database=...;Username=...;Password=...</c>) as a PostgreSQL <see cref="Connection"/>.</summary>
public static class PostgresConnectionStrings
{
    private static readonly string[] HostKeys = ["Host", "Server"];
    private static readonly string[] PortKeys = ["Port"];
    private static readonly string[] DatabaseKeys = ["Database", "DB"];
    private static readonly string[] LoginKeys = ["Username", "User Id", "User", "UserName", "User Name", "UID"];
    private static readonly string[] PasswordKeys = ["Password", "PWD", "PSW"];

    /// <exception cref="FormatException">The text is not a connection string, or its port is not a number; the message names the part (never the password).</exception>
    public static Connection Parse(string name, string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            throw new FormatException("it is not a connection string of Name=value pairs separated by ';' (quote values that hold ';' or '=')");
        }

        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? Take(string[] keys)
        {
            foreach (var key in keys)
            {
                if (builder.TryGetValue(key, out var value))
                {
                    used.Add(key);
                    return Convert.ToString(value, CultureInfo.InvariantCulture);
                }
            }

            return null;
        }

        var host = Take(HostKeys);
        var portText = Take(PortKeys);
        int? port = null;
        if (portText is not null)
        {
            port = int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535
                ? p
                : throw new FormatException($"its Port '{portText}' is not a whole number from 1 to 65535");
        }

        var connection = new Connection
        {
            Name = name,
            Kind = "postgresql",
            Host = host,
            Port = port,
            Database = Take(DatabaseKeys),
            Login = Take(LoginKeys),
            Password = Take(PasswordKeys),
        };
        var extras = builder.Keys.Cast<string>().Where(k => !used.Contains(k))
            .ToDictionary(k => k, k => Convert.ToString(builder[k], CultureInfo.InvariantCulture) ?? "", StringComparer.OrdinalIgnoreCase);
        return connection with { Extras = extras };
    }
}
