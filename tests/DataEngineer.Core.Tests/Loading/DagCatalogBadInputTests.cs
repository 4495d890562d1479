using DataEngineer.Core.Loading;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Core.Tests.Loading;

/// <summary>DAG classes that never finish building must not hold every other DAG's loading.</summary>
public sealed class DagCatalogBadInputTests
{
    private static readonly ManualResetEventSlim Release = new();

    /// <summary>Loops until the test releases it: endless as far as the loader can tell, without burning a core after the test.</summary>
    public sealed class EndlessDag() : Dag("endless")
    {
        protected override void Define(DagBuilder dag)
        {
            while (!Release.IsSet)
            {
                Release.Wait(TimeSpan.FromMilliseconds(50));
            }

            dag.Task("never", _ => { });
        }
    }

    public sealed class QuickDag() : Dag("quick")
    {
        protected override void Define(DagBuilder dag) => dag.Task("a", _ => { });
    }

    [Fact]
    public void FromTypes_ADagThatNeverFinishesBuilding_IsAnImportErrorAfterTheLimit_AndTheOthersLoad()
    {
        try
        {
            var catalog = DagCatalog.FromTypes([typeof(EndlessDag), typeof(QuickDag)], buildTimeout: TimeSpan.FromSeconds(1));

            Assert.Equal(["quick"], catalog.Dags.Keys);
            var error = Assert.Single(catalog.Errors);
            Assert.Equal("endless", error.DagId);
            Assert.Equal(
                "EndlessDag did not finish building its graph within 1 s: its constructor or Define never returned (an endless loop, or I/O that hangs). " +
                "Building a DAG must not do I/O; do it in a task.",
                error.Message);
        }
        finally
        {
            Release.Set();
        }
    }
}
