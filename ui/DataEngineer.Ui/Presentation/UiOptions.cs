namespace DataEngineer.Ui.Presentation;

/// <summary>How the UI behaves: how often live pages re-read the metadata database.</summary>
public sealed record UiOptions
{
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(1);
}
