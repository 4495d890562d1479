using System.Net;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing.Retention;
using Npgsql;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary><c>GET .../taskInstances/{taskId}/dependencies</c>: the same reasons as <c>tasks failed-deps</c>, for viewers; unknown ids are 404 problems.</summary>
public sealed partial class RestApiTests
{
    [Fact]
    public async Task TaskDependencies_ListTheStateFirst_AndUnknownIdsAre404()
    {
        var dag = $"deps_{Guid.NewGuid().ToString("N")[..8]}";
        var day = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await using var dataSource = NpgsqlDataSource.Create(host.ConnectionString);
        var history = new MetadataHistory(dataSource, PostgresMetadataStoreOptions.DefaultSchema);
        await history.DagAsync(dag, day);
        await history.RunAsync(dag, $"{dag}_1", "success", day, day.AddHours(1));
        using var viewer = host.Client(HostUnderTest.ViewerKey);

        using (var reasons = await ReadAsync(await viewer.GetAsync($"api/v1/dags/{dag}/dagRuns/{dag}_1/taskInstances/t1/dependencies")))
        {
            var first = reasons.RootElement.EnumerateArray().First();
            Assert.Equal("state", first.GetProperty("check").GetString());
            Assert.StartsWith("success: it has finished", first.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        await AssertProblemAsync(await viewer.GetAsync($"api/v1/dags/{dag}/dagRuns/{dag}_1/taskInstances/t9/dependencies"), HttpStatusCode.NotFound, "has no task instance 't9'");
        await AssertProblemAsync(await viewer.GetAsync($"api/v1/dags/{dag}/dagRuns/nope/taskInstances/t1/dependencies"), HttpStatusCode.NotFound, "has no run 'nope'");
    }
}
