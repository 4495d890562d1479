using DataEngineer.Core.Validation;

namespace DataEngineer.Bench.Scenarios;

/// <summary>One DAG of the scaling scenario: a fan-out or a chain, run once.</summary>
public sealed record ScalingShape(string Name, DagGraph Dag);
