namespace DataEngineer.Core.Connections;

/// <summary>A task or a command asked for a connection that no source sets; the message names it and every place looked in.</summary>
public sealed class UnknownConnectionException(string name, IReadOnlyList<string> lookedIn)
    : InvalidOperationException(lookedIn.Count == 0
        ? $"No connection '{name}': this process has no task connections."
        : $"No connection '{name}'. It was looked up in: {string.Join("; ", lookedIn)}. Set it in one of those places.")
{
    /// <summary>The name asked for.</summary>
    public string Name { get; } = name;
}
