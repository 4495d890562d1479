using DataEngineer.Bench.Reporting;

namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// From a running task's log call to its line being readable from the metadata store (<see cref="StoreVisible"/>), and
/// the try page's refresh interval added on top for what a browser shows.
/// </summary>
public sealed record LogLatencyResult(Distribution StoreVisible, int Lines, int Expected, TimeSpan FlushInterval, TimeSpan PollInterval, TimeSpan PageRefresh);
