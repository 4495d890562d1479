using DataEngineer.Core.Governance;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Connections;

/// <summary>
/// The connections tasks may use, by name (ignoring case), resolved once by the host from its sources. The engine's
/// own metadata connection is never among them. Every password is registered with <see cref="SecretValues"/> so it
/// is masked wherever this process shows text.
/// </summary>
public sealed class ConnectionRegistry
{
    private readonly Dictionary<string, Connection> _byName;
    private readonly IReadOnlyList<string> _sources;

    /// <param name="connections">The connections, in lookup order (an earlier one of the same name wins).</param>
    /// <param name="sources">Where connections are looked up, with <c>{name}</c> and <c>{NAME}</c> standing for the name asked for; named in the error for an unknown one.</param>
    public ConnectionRegistry(IEnumerable<Connection> connections, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(sources);
        _sources = sources;
        _byName = new Dictionary<string, Connection>(StringComparer.OrdinalIgnoreCase);
        foreach (var connection in connections)
        {
            _byName.TryAdd(connection.Name, connection);
            SecretValues.Add(connection.Password);
        }
    }

    /// <summary>No connections.</summary>
    public static ConnectionRegistry Empty { get; } = new([], []);

    /// <summary>Every connection, by name.</summary>
    public IEnumerable<Connection> All => _byName.Values.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>PostgreSQL connections from Npgsql connection strings by name (<c>ConnectionStrings:*</c>, tests).</summary>
    public static ConnectionRegistry FromConnectionStrings(IReadOnlyDictionary<string, string> connectionStrings) =>
        new(connectionStrings.Select(c => PostgresConnectionStrings.Parse(c.Key, c.Value)), ["ConnectionStrings:{name}"]);

    /// <summary>The connection of that name, or null.</summary>
    public Connection? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The connection of that name.</summary>
    /// <exception cref="UnknownConnectionException">None has that name; the message names where it was looked for.</exception>
    public Connection Get(string name) => Find(name) ?? throw new UnknownConnectionException(name, Where(name));

    /// <summary>Where a connection of that name would come from, in lookup order.</summary>
    public IReadOnlyList<string> Where(string name) =>
        [.. _sources.Select(s => s.Replace("{name}", name, StringComparison.Ordinal).Replace("{NAME}", EnvironmentName(name), StringComparison.Ordinal))];

    /// <summary>The environment variable suffix of a connection name: upper case, with anything but letters and digits as <c>_</c>.</summary>
    public static string EnvironmentName(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_'));
}
