using Xunit;

namespace DataEngineer.Integration.Tests.Reliability;

/// <summary>
/// The reliability suite runs alone, after the parallel tests: it starts six processes, kills some of them and
/// restarts its own PostgreSQL, and must neither slow the other tests down nor be starved by them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    public const string Name = "Reliability";
}
