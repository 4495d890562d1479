namespace DataEngineer.Core.Validation;

/// <summary>A DAG failed validation; the message lists every problem with where it is.</summary>
public sealed class DagValidationException(IReadOnlyList<DagValidationError> errors)
    : Exception(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
{
    public IReadOnlyList<DagValidationError> Errors { get; } = errors;
}
