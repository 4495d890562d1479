using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>A mapped task's instances through REST: each addressed as <c>task[index]</c> (URL-escaped) to read, clear and mark.</summary>
public sealed partial class RestApiTests
{
    [Fact]
    public async Task MappedInstance_IsAddressedAsTaskIndex_ToListItsTries_ClearItAlone_AndMarkIt()
    {
        const string dag = "it_mapped";
        await host.Store.SetPausedAsync(dag, false);
        using var api = host.Client(HostUnderTest.OperatorKey);
        var created = await api.PostAsJsonAsync($"api/v1/dags/{dag}/dagRuns", new { });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var key = new RunKey(dag, body.RootElement.GetProperty("run_id").GetString()!);
        await host.WaitForRunAsync(key, s => s.Run.State == DagRunState.Failed, "the mapped run to fail");

        using (var tries = JsonDocument.Parse(await api.GetStringAsync(RunPath(key) + "/taskInstances/process%5B1%5D/tries")))
        {
            Assert.Contains("cannot read file_1.csv", tries.RootElement.GetRawText(), StringComparison.Ordinal);
        }

        var cleared = await api.PostAsJsonAsync(RunPath(key) + "/clear", new { task_ids = new[] { "process[1]" }, include_downstream = true });
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        var rerun = await host.WaitForRunAsync(key, s => s.Run.State == DagRunState.Success, "the cleared instance's run to succeed");
        Assert.Equal(2, rerun.Tasks["process[1]"].TryNumber);
        Assert.Equal(1, rerun.Tasks["process[0]"].TryNumber);

        var marked = await api.PatchAsJsonAsync(RunPath(key) + "/taskInstances/process%5B2%5D", new { state = "failed" });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.Equal(TaskInstanceState.Failed, (await host.Store.GetRunAsync(key))!.Tasks["process[2]"].State);
        await AssertProblemAsync(await api.PostAsJsonAsync(RunPath(key) + "/clear", new { task_ids = new[] { "process[9]" } }), HttpStatusCode.NotFound,
            "has no instance 'process[9]': 'process' has 3 instances");
    }
}
