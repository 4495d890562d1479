namespace DataEngineer.Ui.Presentation;

/// <summary>
/// One row of a time bar chart (the run's Gantt, the runs' durations), as times from the chart's start: an optional wait
/// (queued, drawn pale), the work from <see cref="Start"/> to <see cref="End"/> in its state's colour and glyph, and
/// whether it is still going (then <see cref="End"/> is now).
/// </summary>
public sealed record TimeBar(string Label, string State, TimeSpan? WaitFrom, TimeSpan? Start, TimeSpan End, bool Live)
{
    public required string Color { get; init; }

    public required string Glyph { get; init; }

    /// <summary>Where a click on the bar goes: the try or the run.</summary>
    public string? Href { get; init; }

    /// <summary>The tooltip: what the bar is, with its times.</summary>
    public string Title { get; init; } = "";

    public TimeSpan? Duration => Start is { } start ? End - start : null;
}
