using DataEngineer.Bench.Infrastructure;

namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// What the engine asked of the metadata store and of Hangfire while running a workload of <c>Tasks</c> tasks.
/// <c>HangfireJobs</c> counts the jobs created meanwhile (a task the worker took locally needs none); <c>Cpu</c> is the
/// CPU spent meanwhile.
/// </summary>
public sealed record CallProfile(string Workload, int Tasks, TimeSpan Elapsed, IReadOnlyList<StoreCallTotal> Calls, long HangfireJobs, CpuSample Cpu);
