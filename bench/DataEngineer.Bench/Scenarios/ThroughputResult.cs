using DataEngineer.Bench.Infrastructure;
using DataEngineer.Bench.Reporting;

namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// Scenario 2, one shape: all runs triggered at once, timed until the last one ended. <c>Elapsed</c> runs from the
/// first trigger to the last run's end (what tasks/s is computed from); <c>FirstStart</c> from the first trigger to
/// the first task's start (the scheduler tick that starts runs sits there); <c>Problem</c> names runs that failed
/// or did not finish; <c>Cpu</c> is the CPU spent meanwhile by the engine, by PostgreSQL and by anything else;
/// <c>QueueWait</c> is queued-to-started of the tasks that went through the queue (Hangfire) rather than being
/// taken by the worker that made them ready; <c>Jit</c> is the time this process's JIT compiled meanwhile (all threads).
/// </summary>
public sealed record ThroughputResult(string Shape, int Runs, int Tasks, TimeSpan Elapsed, TimeSpan FirstStart, string? Problem, CpuSample Cpu, Distribution QueueWait, TimeSpan Jit)
{
    public double TasksPerSecond => Tasks / Elapsed.TotalSeconds;

    /// <summary>Tasks/s from the first task's start: the rate once the runs were going.</summary>
    public double TasksPerSecondAfterFirstStart => Tasks / (Elapsed - FirstStart).TotalSeconds;
}
