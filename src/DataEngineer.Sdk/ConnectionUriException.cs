namespace DataEngineer.Sdk;

/// <summary>A connection URI could not be read; <see cref="Part"/> says which part is wrong (never the password's value).</summary>
public sealed class ConnectionUriException(string part, string reason)
    : FormatException($"its {part} is wrong: {reason}. Write it as kind://login:password@host:port/database?name=value, percent-encoding special characters.")
{
    /// <summary>The part of the URI that is wrong: kind, login, password, host, port, database or extras.</summary>
    public string Part { get; } = part;
}
