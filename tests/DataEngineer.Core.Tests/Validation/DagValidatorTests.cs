using DataEngineer.Core.Execution;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Core.Tests.Validation;

public class DagValidatorTests
{
    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static DagValidationException Invalid(TestDag dag) =>
        Assert.Throws<DagValidationException>(() => DagValidator.Validate(dag.Build()));

    [Fact]
    public void Validate_LinearDag_OrdersTasksAndFindsLeaves()
    {
        var graph = DagValidator.Validate(new TestDag("linear", d =>
        {
            var a = d.Task("a", _ => 1);
            var b = d.Task("b", a, (_, x) => x + 1);
            d.Task("c", _ => { }).After(b);
        }).Build());

        Assert.Equal(["a", "b", "c"], graph.TopologicalOrder.Select(t => t.Id));
        Assert.Equal(["c"], graph.Leaves);
        Assert.Equal(["b"], graph.Tasks["a"].Downstream);
        Assert.Equal(12, graph.Version.Length);
    }

    [Fact]
    public void Validate_Cycle_NamesTheCycleInOrder()
    {
        var error = Invalid(new TestDag("cyclic", d =>
        {
            var a = d.Task("a", _ => { });
            var b = d.Task("b", _ => { }).After(a);
            var c = d.Task("c", _ => { }).After(b);
            a.After(c);
        }));

        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
        Assert.Matches("(a -> b -> c -> a|b -> c -> a -> b|c -> a -> b -> c)", error.Message);
        Assert.Contains("DAG 'cyclic' (TestDag)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateTaskIds_NamesTheId()
    {
        var error = Invalid(new TestDag("dupes", d =>
        {
            d.Task("load", _ => { });
            d.Task("load", _ => { });
        }));

        var only = Assert.Single(error.Errors);
        Assert.Equal("load", only.TaskId);
        Assert.Contains("defined 2 times", only.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownDependency_NamesItAndListsTasks()
    {
        var error = Invalid(new TestDag("unknown_dep", d =>
        {
            d.Task("extract", _ => { });
            d.Task("load", _ => { }).After("extrct");
        }));

        var only = Assert.Single(error.Errors);
        Assert.Equal("load", only.TaskId);
        Assert.Contains("'extrct', which is not a task of this DAG", only.Message, StringComparison.Ordinal);
        Assert.Contains("extract, load", only.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 25 * * *", "hour")]
    [InlineData("every day", "cron")]
    [InlineData("@fortnightly", "@fortnightly")]
    public void Validate_BadSchedule_ExplainsIt(string schedule, string expected)
    {
        var error = Invalid(new TestDag("bad_cron", d => d.Task("a", _ => { }), new DagOptions { Schedule = schedule, StartDate = Start }));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(schedule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownTimeZone_NamesIt()
    {
        var error = Invalid(new TestDag("bad_tz", d => d.Task("a", _ => { }), new DagOptions { Schedule = "@daily", StartDate = Start, TimeZone = "Mars/Olympus" }));
        Assert.Contains("Mars/Olympus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ScheduleWithoutStartDate_IsAnError()
    {
        var error = Invalid(new TestDag("no_start", d => d.Task("a", _ => { }), new DagOptions { Schedule = "@daily" }));
        Assert.Contains("start", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Validate_UnknownTriggerRule_ListsTheKnownOnes()
    {
        var error = Invalid(new TestDag("bad_rule", d => d.Task("a", _ => { }, new TaskOptions { TriggerRule = (TriggerRule)99 })));
        var only = Assert.Single(error.Errors);
        Assert.Equal("a", only.TaskId);
        Assert.Contains("99", only.Message, StringComparison.Ordinal);
        Assert.Contains("NoneFailedMinOneSuccess", only.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvalidOptionValues_ReportsEachWithItsTask()
    {
        var error = Invalid(new TestDag("bad_options", d =>
        {
            d.Task("a", _ => { }, new TaskOptions { Retries = -1 });
            d.Task("b", _ => { }, new TaskOptions { ExecutionTimeout = TimeSpan.Zero });
            d.Task("c", _ => { }, new TaskOptions { Queue = "Heavy Queue" });
        }, new DagOptions { MaxActiveRuns = 0 }));

        Assert.Contains(error.Errors, e => e.TaskId == "a" && e.Message.Contains("Retries is -1", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.TaskId == "b" && e.Message.Contains("ExecutionTimeout", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.TaskId == "c" && e.Message.Contains("'Heavy Queue'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.TaskId is null && e.Message.Contains("MaxActiveRuns is 0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("warehouse.fact orders")]
    [InlineData("a.b.c")]
    [InlineData("1orders")]
    [InlineData("orders; drop table x")]
    [InlineData("")]
    public void Validate_BadDatasetName_NamesTaskAndDataset(string name)
    {
        var error = Invalid(new TestDag("bad_dataset", d => d.Task("load", _ => { }, new TaskOptions { Writes = [new Dataset(name)] })));

        var only = Assert.Single(error.Errors);
        Assert.Equal("load", only.TaskId);
        Assert.Contains($"the dataset name '{name}' is not valid", only.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "with no value")]
    [InlineData(true, "with a null value")]
    public void Validate_AcceptedValuesEmptyOrWithANull_NamesTheColumnAndTheFix(bool withNull, string what)
    {
        var orders = new Dataset("dw.orders") { Columns = [new DatasetColumnSpec("status") { AcceptedValues = withNull ? ["placed", null!] : [] }] };

        var error = Invalid(new TestDag("bad_accepted", d => d.Task("load", _ => { }, new TaskOptions { Writes = [orders] })));

        var only = Assert.Single(error.Errors);
        Assert.Equal("load", only.TaskId);
        Assert.Contains($"column status of dataset dw.orders declares AcceptedValues {what}", only.Message, StringComparison.Ordinal);
        Assert.Contains("leave AcceptedValues unset to accept any value", only.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DeclaredDatasets_AreStoredWithTheTask()
    {
        var orders = new Dataset("staging.orders");
        var graph = DagValidator.Validate(new TestDag("lineage", d =>
        {
            var extract = d.Task("extract", _ => { }, new TaskOptions { Writes = [orders] });
            d.Task("report", _ => { }, new TaskOptions { Reads = [orders], Writes = [new Dataset("mart.report")] }).After(extract);
        }).Build());

        var tasks = DagStructures.Of(graph, "lineage.cs").Tasks.ToDictionary(t => t.TaskId);
        Assert.Equal(["staging.orders"], tasks["extract"].Writes);
        Assert.Empty(tasks["extract"].Reads);
        Assert.Equal(["staging.orders"], tasks["report"].Reads);
        Assert.Equal(["mart.report"], tasks["report"].Writes);
    }

    [Fact]
    public void Validate_InvalidIds_AreRejected()
    {
        var error = Invalid(new TestDag("bad id!", d => d.Task("ok task", _ => { })));
        Assert.Equal(2, error.Errors.Count);
    }

    [Fact]
    public void Validate_DagDefaults_AreResolvedIntoTaskSettings()
    {
        var graph = DagValidator.Validate(new TestDag("defaults", d =>
        {
            d.Task("a", _ => { });
            d.Task("b", _ => { }, new TaskOptions { Retries = 0, Queue = "heavy" });
        }, new DagOptions { DefaultTaskOptions = new TaskOptions { Retries = 3, RetryDelay = TimeSpan.FromSeconds(10) } }).Build());

        Assert.Equal(3, graph.Tasks["a"].Settings.Retries);
        Assert.Equal(TimeSpan.FromSeconds(10), graph.Tasks["a"].Settings.RetryDelay);
        Assert.Equal("default", graph.Tasks["a"].Settings.Queue);
        Assert.Equal(0, graph.Tasks["b"].Settings.Retries);
        Assert.Equal("heavy", graph.Tasks["b"].Settings.Queue);
        Assert.Equal(TimeSpan.FromSeconds(10), graph.Tasks["b"].Settings.RetryDelay);
    }

    [Fact]
    public void Validate_ChangedStructure_ChangesVersion()
    {
        var one = DagValidator.Validate(new TestDag("v", d => d.Task("a", _ => { })).Build());
        var same = DagValidator.Validate(new TestDag("v", d => d.Task("a", _ => { })).Build());
        var other = DagValidator.Validate(new TestDag("v", d => d.Task("a", _ => { }, new TaskOptions { Retries = 2 })).Build());

        Assert.Equal(one.Version, same.Version);
        Assert.NotEqual(one.Version, other.Version);
    }
}
