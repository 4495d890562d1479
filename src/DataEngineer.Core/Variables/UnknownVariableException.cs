namespace DataEngineer.Core.Variables;

/// <summary>A task or a person asked for a variable that is not set; the message names it and where it was looked for.</summary>
public sealed class UnknownVariableException(string key)
    : InvalidOperationException(
        $"No variable '{key}' in the metadata database (table variables). Set it with 'dataengineer variables set {key} <value>', " +
        $"PUT /api/v1/variables/{key} or the Variables page; 'dags test' and 'tasks test' also take --var {key}=<value>.")
{
    /// <summary>The key asked for.</summary>
    public string Key { get; } = key;
}
