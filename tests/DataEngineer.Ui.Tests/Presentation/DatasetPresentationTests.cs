using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using DataEngineer.Ui.Presentation;
using Xunit;

namespace DataEngineer.Ui.Tests.Presentation;

public sealed class DatasetPresentationTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static DatasetRecord Dataset(TimeSpan age, TimeSpan? sla, DateTimeOffset? breachedSince = null) => new()
    {
        Name = "d", DagId = "x", TaskId = "t", LastRunId = "r", LastWrittenAt = Now - age, RowCount = 1, FreshnessSla = sla, SchemaVersion = 1, BreachedSince = breachedSince,
    };

    [Theory]
    [InlineData(1, 24, FreshnessLevel.Fresh)]
    [InlineData(19, 24, FreshnessLevel.Fresh)]
    [InlineData(20, 24, FreshnessLevel.Ageing)]
    [InlineData(25, 24, FreshnessLevel.Breached)]
    public void Freshness_AgainstSla(int ageHours, int slaHours, FreshnessLevel expected) =>
        Assert.Equal(expected, DatasetFreshness.Of(Dataset(TimeSpan.FromHours(ageHours), TimeSpan.FromHours(slaHours)), Now).Level);

    [Fact]
    public void Freshness_OpenBreach_IsRedEvenWhenTheDataLooksFresh() =>
        Assert.Equal(FreshnessLevel.Breached, DatasetFreshness.Of(Dataset(TimeSpan.FromHours(1), TimeSpan.FromHours(24), Now.AddHours(-2)), Now).Level);

    [Fact]
    public void Freshness_WithoutSla_IsNoSla() =>
        Assert.Equal(FreshnessLevel.NoSla, DatasetFreshness.Of(Dataset(TimeSpan.FromDays(30), null), Now).Level);

    [Fact]
    public void ColumnChange_NamesAddedRemovedRetypedAndUnchangedColumns()
    {
        var changes = ColumnChange.Between(
            [new DatasetColumn("id", "bigint"), new DatasetColumn("status", "text"), new DatasetColumn("legacy", "int")],
            [new DatasetColumn("id", "bigint"), new DatasetColumn("status", "varchar"), new DatasetColumn("channel", "text")]);

        Assert.Equal(
            [("id", "unchanged"), ("status", "retyped"), ("channel", "added"), ("legacy", "removed")],
            changes.Select(c => (c.Name, c.Change)));
        Assert.Equal("text", changes.Single(c => c.Name == "status").PreviousType);
    }
}
