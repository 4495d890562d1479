namespace DataEngineer.Core.Execution;

/// <summary>Who recorded a try's end (<see cref="TryEnd.By"/>).</summary>
public enum TryEndedBy
{
    /// <summary>The process that ran the try (a worker, <c>dags test</c>), with the outcome its pipeline returned.</summary>
    Runner,

    /// <summary>The zombie reaper: the try's worker stopped heartbeating, and the try was failed for it.</summary>
    Reaper,

    /// <summary>A decision on an approval's try: a person's (UI, REST, CLI) or its timeout's default.</summary>
    Decision,
}
