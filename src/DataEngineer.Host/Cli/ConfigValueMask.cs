using DataEngineer.Core.Governance;
using DataEngineer.Sdk;
using Npgsql;

namespace DataEngineer.Host.Cli;

/// <summary>
/// What <c>config list</c> shows of a setting: secrets as <c>***</c> (a sensitive key name, an API key, a password hash),
/// connection strings and connection URIs with their password masked and the rest readable.
/// </summary>
internal static class ConfigValueMask
{
    public const string Masked = "***";

    public static string Show(string key, string value)
    {
        var leaf = key[(key.LastIndexOf(':') + 1)..];
        if (SensitiveNames.IsSensitive(leaf) || leaf.Equals("Key", StringComparison.OrdinalIgnoreCase) || leaf.Equals("PasswordHash", StringComparison.OrdinalIgnoreCase))
        {
            return Masked;
        }

        if (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase))
        {
            return ConnectionString(value);
        }

        return key.StartsWith("DataEngineer:Connections:", StringComparison.OrdinalIgnoreCase) && !key[25..].Contains(':', StringComparison.Ordinal)
            || key.StartsWith(Hosting.ConnectionSources.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase)
            ? Uri(leaf, value)
            : value;
    }

    private static string ConnectionString(string value)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            if (builder.Password is not null)
            {
                builder.Password = Masked;
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return $"{Masked} (not a valid connection string)";
        }
    }

    private static string Uri(string name, string value)
    {
        try
        {
            return ConnectionUri.Parse(name, value).ToString();
        }
        catch (ConnectionUriException)
        {
            return $"{Masked} (not a valid connection URI)";
        }
    }
}
