namespace DataEngineer.Ui.Presentation;

/// <summary>One input of the trigger form, generated from a property of the DAG's params type.</summary>
public sealed record ParamField
{
    /// <summary>The key in the run conf JSON.</summary>
    public required string Key { get; init; }

    public required string Label { get; init; }

    public required ParamKind Kind { get; init; }

    public string? Description { get; init; }

    public bool Required { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    /// <summary>The choices of an enum param.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>The numbers the choices stand for in JSON (enums are numbers in run conf).</summary>
    public IReadOnlyList<long> ChoiceValues { get; init; } = [];

    /// <summary>The params type's default, as the form shows it.</summary>
    public string? Default { get; init; }
}
