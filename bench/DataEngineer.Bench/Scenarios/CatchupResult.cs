namespace DataEngineer.Bench.Scenarios;

/// <summary>A 365-day catchup: how many runs, how many succeeded, and the time from the first run created to the last one finished.</summary>
public sealed record CatchupResult(int Days, int MaxActiveRuns, int Runs, int Succeeded, TimeSpan FirstCreatedToLastEnded, TimeSpan EngineStartToLastEnded);
