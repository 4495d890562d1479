using DataEngineer.Core.States;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Governance;

/// <summary>The latest run of a dataset's retention task: its run, state, when it ended, and what it deleted (when it succeeded).</summary>
public sealed record RetentionRun(string RunId, TaskInstanceState State, int TryNumber, DateTimeOffset? EndedAt, RetentionResult? Result, string? Error);
