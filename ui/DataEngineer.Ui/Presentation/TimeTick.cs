namespace DataEngineer.Ui.Presentation;

/// <summary>One tick of a <see cref="TimeAxis"/>: its time from the axis' start, its x in pixels and its label (centred on it).</summary>
public sealed record TimeTick(TimeSpan At, double X, string Label)
{
    /// <summary>The label's left edge in pixels.</summary>
    public double Left => X - (TimeAxis.LabelWidth(Label) / 2);

    /// <summary>The label's right edge in pixels.</summary>
    public double Right => X + (TimeAxis.LabelWidth(Label) / 2);
}
