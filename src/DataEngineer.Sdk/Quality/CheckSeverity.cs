namespace DataEngineer.Sdk;

/// <summary>What a failing quality check does.</summary>
public enum CheckSeverity
{
    /// <summary>Fails the task (and so alerts) after every check of the batch has run and been recorded.</summary>
    Error,

    /// <summary>Recorded and logged; the task goes on.</summary>
    Warn,
}
