namespace DataEngineer.Core.Alerts;

/// <summary>How recipients become channels, and what every alert links to.</summary>
public sealed record AlertRoutingOptions
{
    /// <summary>The configured channel names.</summary>
    public IReadOnlySet<string> Channels { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The email channel that sends to addresses a DAG names; null when no email channel is configured.</summary>
    public string? AddressChannel { get; init; }

    /// <summary>Recipients of events whose DAG names none (and of DAG import errors).</summary>
    public IReadOnlyList<string> DefaultRecipients { get; init; } = [];

    /// <summary>The web UI's base URL, for links to runs; no link when null.</summary>
    public Uri? BaseUrl { get; init; }
}
