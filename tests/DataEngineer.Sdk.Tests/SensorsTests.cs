using DataEngineer.Sdk.Testing;
using Xunit;

namespace DataEngineer.Sdk.Tests;

public sealed class SensorsTests : IDisposable
{
    private readonly string _inbox = Directory.CreateTempSubdirectory("de-sensors-").FullName;

    public void Dispose() => Directory.Delete(_inbox, recursive: true);

    [Fact]
    public void Sensor_PokeIntervalZero_ThrowsNamingTheSensorAndTheFix()
    {
        var dag = new SensorDag(d => d.Sensor("wait", _ => Task.FromResult(true), new SensorOptions { PokeInterval = TimeSpan.Zero }));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => dag.Build());

        Assert.Contains("Sensor 'wait': PokeInterval must be positive, not 00:00:00", error.Message, StringComparison.Ordinal);
        Assert.Contains("TimeSpan.FromMinutes(1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sensor_NegativeTimeout_ThrowsNamingTheSensor()
    {
        var dag = new SensorDag(d => d.Sensor("wait", _ => Task.FromResult(true), new SensorOptions { Timeout = TimeSpan.FromSeconds(-1) }));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => dag.Build());

        Assert.Contains("Sensor 'wait': Timeout must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reschedule_IntervalZero_ThrowsWithTheFix()
    {
        var dag = new SensorDag(d => d.Task("poke", ctx => ctx.Reschedule(TimeSpan.Zero)));

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new TaskTestEnvironment().RunAsync(dag, "poke"));

        Assert.Contains("poke interval must be positive, not 00:00:00", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileExists_NoMatchingFile_ReschedulesAtThePokeInterval_ThenSucceedsOnceOneArrives()
    {
        var dag = new SensorDag(d => d.Sensor("wait", Sensors.FileExists(_inbox, "**/orders_*.csv"),
            new SensorOptions { PokeInterval = TimeSpan.FromMinutes(5), Timeout = TimeSpan.FromHours(1) }));
        var env = new TaskTestEnvironment();
        await File.WriteAllTextAsync(Path.Combine(_inbox, "customers_1.csv"), "");

        var poke = await Assert.ThrowsAsync<TaskRescheduleException>(() => env.RunAsync(dag, "wait"));
        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)), (poke.Interval, poke.Timeout));

        Directory.CreateDirectory(Path.Combine(_inbox, "2024", "06"));
        await File.WriteAllTextAsync(Path.Combine(_inbox, "2024", "06", "orders_01.csv"), "");
        await env.RunAsync(dag, "wait");
        Assert.Contains(env.Logs, l => l.Contains("orders_01.csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FileExists_PatternWithoutFolders_MatchesOnlyTheTopFolder()
    {
        var dag = new SensorDag(d => d.Sensor("wait", Sensors.FileExists(_inbox, "orders_?.csv")));
        Directory.CreateDirectory(Path.Combine(_inbox, "deeper"));
        await File.WriteAllTextAsync(Path.Combine(_inbox, "deeper", "orders_1.csv"), "");
        await File.WriteAllTextAsync(Path.Combine(_inbox, "orders_10.csv"), "");

        await Assert.ThrowsAsync<TaskRescheduleException>(() => new TaskTestEnvironment().RunAsync(dag, "wait"));
    }

    [Fact]
    public async Task DatasetFresherThan_StaleThenFresh_ReschedulesThenSucceeds()
    {
        var dag = new SensorDag(d => d.Sensor("wait", Sensors.DatasetFresherThan("warehouse.orders", ctx => ctx.DataInterval.End)));
        var env = new TaskTestEnvironment { LogicalDate = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero) };

        await Assert.ThrowsAsync<TaskRescheduleException>(() => env.RunAsync(dag, "wait"));
        env.DatasetFreshness["warehouse.orders"] = new DateTimeOffset(2024, 6, 1, 23, 0, 0, TimeSpan.Zero);
        await Assert.ThrowsAsync<TaskRescheduleException>(() => env.RunAsync(dag, "wait"));
        env.DatasetFreshness["warehouse.orders"] = new DateTimeOffset(2024, 6, 2, 0, 0, 0, TimeSpan.Zero);
        await env.RunAsync(dag, "wait");
    }

    [Fact]
    public void HttpAnswers_RelativeUrl_ThrowsWithAnExample()
    {
        var error = Assert.Throws<ArgumentException>(() => Sensors.HttpAnswers(new Uri("/health", UriKind.Relative)));

        Assert.Contains("must be absolute", error.Message, StringComparison.Ordinal);
    }

    private sealed class SensorDag(Action<DagBuilder> define) : Dag("sensors")
    {
        protected override void Define(DagBuilder dag) => define(dag);
    }
}
