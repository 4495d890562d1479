using System.Net;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing.Retention;
using Npgsql;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary><c>DELETE /api/v1/dags/{dagId}</c>: admins only, the DAG's rows gone and the deletion audited with who; viewers and operators 403; unknown 404.</summary>
public sealed partial class RestApiTests
{
    [Fact]
    public async Task DeleteDag_AsAdmin_DeletesItsHistory_AndIsAudited_OthersAreRefused()
    {
        var dag = $"gone_{Guid.NewGuid().ToString("N")[..8]}";
        var day = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await using var dataSource = NpgsqlDataSource.Create(host.ConnectionString);
        var history = new MetadataHistory(dataSource, PostgresMetadataStoreOptions.DefaultSchema);
        await history.DagAsync(dag, day);
        await history.RunAsync(dag, $"{dag}_1", "success", day, day.AddHours(1), tasks: 2, logsPerTask: 3);

        foreach (var key in new[] { HostUnderTest.ViewerKey, HostUnderTest.OperatorKey })
        {
            using var notAdmin = host.Client(key);
            await AssertProblemAsync(await notAdmin.DeleteAsync($"api/v1/dags/{dag}"), HttpStatusCode.Forbidden, "admin");
        }

        using var admin = host.Client(HostUnderTest.AdminKey);
        using (var deleted = await ReadAsync(await admin.DeleteAsync($"api/v1/dags/{dag}")))
        {
            var tables = deleted.RootElement.GetProperty("tables");
            Assert.Equal(1, tables.GetProperty("dag_runs").GetInt64());
            Assert.Equal(2, tables.GetProperty("task_instances").GetInt64());
            Assert.Equal(6, tables.GetProperty("task_logs").GetInt64());
            Assert.Equal(1, tables.GetProperty("dags").GetInt64());
            Assert.False(deleted.RootElement.GetProperty("still_loaded").GetBoolean());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"api/v1/dags/{dag}")).StatusCode);
        Assert.Equal(0L, await history.CountAsync($"dag_runs WHERE dag_id = '{dag}'"));
        var audit = (await host.Store.ListAuditAsync(0, 500)).Entries.Single(e => e.Action == "dag.delete" && e.Target == dag);
        Assert.Contains("ci", audit.Actor, StringComparison.Ordinal);
        Assert.Contains("dag_runs=1", audit.Detail, StringComparison.Ordinal);
        await AssertProblemAsync(await admin.DeleteAsync($"api/v1/dags/{dag}"), HttpStatusCode.NotFound, dag);
        await AssertProblemAsync(await admin.DeleteAsync("api/v1/dags/bad%20id!"), HttpStatusCode.BadRequest, "is not a DAG id");
    }
}
