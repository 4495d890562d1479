using System.Globalization;
using DataEngineer.Core.Connections;
using DataEngineer.Host.Cli;
using DataEngineer.Sdk;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// Reads task connections from their sources, an earlier source winning for a name:
/// <list type="number">
/// <item>configuration <c>DataEngineer:Connections:&lt;name&gt;</c>: a URI, or a section with <c>Kind</c>, <c>Host</c>,
/// <c>Port</c>, <c>Database</c>, <c>Login</c>, <c>Password</c> and <c>Extras:&lt;name&gt;</c>;</item>
/// <item>configuration <c>ConnectionStrings:&lt;name&gt;</c> (a PostgreSQL connection string), except <c>Metadata</c>,
/// which is the engine's own and never a task's;</item>
/// <item>environment variables <c>DATAENGINEER_CONN_&lt;NAME&gt;</c> holding a URI (Airflow's <c>AIRFLOW_CONN_*</c>);</item>
/// <item>the files of the directory <c>DataEngineer:ConnectionsDirectory</c>, one per connection, named after it and
/// holding its URI: a Docker or Kubernetes secret mounted as files, read with the framework's key-per-file provider.</item>
/// </list>
/// A value that cannot be read is an error naming where it is and what part is wrong.
/// <para>
/// A reader, not <c>IOptions&lt;T&gt;</c> like the settings in <c>DataEngineer.Host.Settings</c>: a connection is a URI or
/// a section under one name, its sources are merged by precedence, and two of them are not configuration keys at all
/// (environment variables with a prefix outside the configuration root, and a directory named by a setting, read only
/// when set), so plain binding would not hold them. They are read where they are used: a worker resolves them at
/// start, a verb when it needs them.
/// </para>
/// </summary>
internal static class ConnectionSources
{
    public const string EnvironmentPrefix = "DATAENGINEER_CONN_";
    public const string DirectoryKey = "DataEngineer:ConnectionsDirectory";
    private const string MetadataName = "Metadata";

    /// <summary>The places a connection is looked up in, for error messages (<c>{name}</c>, <c>{NAME}</c> stand for its name).</summary>
    public static IReadOnlyList<string> Places =>
        ["configuration DataEngineer:Connections:{name}", "configuration ConnectionStrings:{name}", $"environment variable {EnvironmentPrefix}{{NAME}}", $"a file named {{name}} in {DirectoryKey}"];

    /// <exception cref="CliError">A connection cannot be read, or the secrets directory cannot be.</exception>
    public static ConnectionRegistry Read(IConfiguration configuration)
    {
        var connections = new List<Connection>();
        foreach (var section in configuration.GetSection("DataEngineer:Connections").GetChildren())
        {
            connections.Add(section.Value is { } uri
                ? FromUri(section.Key, uri, $"The setting DataEngineer:Connections:{section.Key}")
                : FromSection(section));
        }

        foreach (var entry in configuration.GetSection("ConnectionStrings").GetChildren())
        {
            if (entry.Key.Equals(MetadataName, StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(entry.Value))
            {
                continue;
            }

            try
            {
                connections.Add(PostgresConnectionStrings.Parse(entry.Key, entry.Value));
            }
            catch (FormatException e)
            {
                throw new CliError($"The setting ConnectionStrings:{entry.Key} is not a valid connection string: {e.Message}.");
            }
        }

        foreach (var entry in configuration.GetChildren().Where(c => c.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase)))
        {
            if (!string.IsNullOrWhiteSpace(entry.Value) && entry.Key.Length > EnvironmentPrefix.Length)
            {
                connections.Add(FromUri(entry.Key[EnvironmentPrefix.Length..].ToLowerInvariant(), entry.Value, $"The environment variable {entry.Key}"));
            }
        }

        var directory = configuration[DirectoryKey];
        var places = Places;
        if (!string.IsNullOrWhiteSpace(directory))
        {
            connections.AddRange(FromDirectory(Path.GetFullPath(directory)));
            places = [.. places.Select(p => p.Replace(DirectoryKey, Path.GetFullPath(directory), StringComparison.Ordinal))];
        }
        else
        {
            places = [.. places.Take(3)];
        }

        return new ConnectionRegistry(connections, places);
    }

    private static IEnumerable<Connection> FromDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new CliError($"{DirectoryKey} is '{directory}', which is not a directory. Mount the connections secret there, or unset {DirectoryKey}.");
        }

        IConfigurationRoot files;
        try
        {
            files = new ConfigurationBuilder().AddKeyPerFile(directory, optional: false).Build();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliError(
                $"Cannot read the connection secret files in {directory} ({DirectoryKey}): {e.Message} " +
                "Make every file there readable by the user DataEngineer runs as, or remove the ones that are not connections.");
        }

        foreach (var file in files.GetChildren().Where(f => f.Value is not null))
        {
            yield return FromUri(file.Key, file.Value!, $"The secret file {Path.Combine(directory, file.Key)}");
        }
    }

    private static Connection FromUri(string name, string uri, string where)
    {
        try
        {
            return ConnectionUri.Parse(name, uri);
        }
        catch (ConnectionUriException e)
        {
            throw new CliError($"{where} is not a valid connection URI: {e.Message}");
        }
    }

    private static Connection FromSection(IConfigurationSection section)
    {
        var where = $"DataEngineer:Connections:{section.Key}";
        var kind = section["Kind"];
        if (string.IsNullOrWhiteSpace(kind))
        {
            throw new CliError($"The setting {where} has no Kind. Set {where}:Kind (e.g. postgresql), or give the whole connection as one URI in {where}.");
        }

        int? port = null;
        if (section["Port"] is { Length: > 0 } portText)
        {
            port = int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535
                ? p
                : throw new CliError($"The setting {where}:Port is '{portText}'; set a whole number from 1 to 65535.");
        }

        return new Connection
        {
            Name = section.Key,
            Kind = kind.Trim().ToLowerInvariant(),
            Host = section["Host"],
            Port = port,
            Database = section["Database"],
            Login = section["Login"],
            Password = section["Password"],
            Extras = section.GetSection("Extras").GetChildren().Where(e => e.Value is not null)
                .ToDictionary(e => e.Key, e => e.Value!, StringComparer.OrdinalIgnoreCase),
        };
    }
}
