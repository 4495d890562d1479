namespace DataEngineer.Bench.Infrastructure;

/// <summary>What the stored tries of a linear chain show.</summary>
/// <param name="Gaps">Next try's start minus previous try's end, one per edge.</param>
/// <param name="TryDurations">Each try's end minus its start.</param>
/// <param name="Hosts">Which worker ran each task, in chain order.</param>
/// <param name="Span">First task's start to last task's end.</param>
public sealed record ChainTries(IReadOnlyList<TimeSpan> Gaps, IReadOnlyList<TimeSpan> TryDurations, IReadOnlyList<string> Hosts, TimeSpan Span);
