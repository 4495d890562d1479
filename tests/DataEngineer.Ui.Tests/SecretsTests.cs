using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataEngineer.Core.Storage;
using DataEngineer.TestDags;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>
/// Variables over the REST API (admins only, audited, secrets never returned), and a task that logs, throws and is
/// triggered with its secrets: none reaches the stored log, the REST views, the alert body or the audit log.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SecretsTests(HostUnderTest host)
{
    private const string Token = "tok-ABCD-99812";
    private const string ConfPassword = "conf-hunter-5521";

    [Fact]
    public async Task Variables_AdminsSetGetListDelete_OthersAreRefused_EveryChangeAudited()
    {
        using var admin = host.Client(HostUnderTest.AdminKey);
        foreach (var (key, expected) in new[] { ((string?)null, HttpStatusCode.Unauthorized), (HostUnderTest.ViewerKey, HttpStatusCode.Forbidden), (HostUnderTest.OperatorKey, HttpStatusCode.Forbidden) })
        {
            using var other = host.Client(key);
            Assert.Equal(expected, (await other.PutAsJsonAsync("api/v1/variables/region", new { value = "eu" })).StatusCode);
            Assert.Equal(expected, (await other.GetAsync("api/v1/variables")).StatusCode);
            Assert.Equal(expected, (await other.DeleteAsync("api/v1/variables/region")).StatusCode);
        }

        var set = await admin.PutAsJsonAsync("api/v1/variables/region", new { value = "eu-west", description = "where we run" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var secret = await admin.PutAsJsonAsync("api/v1/variables/db_token_rest", new { value = "rest-Secret-4471", is_secret = true });
        Assert.Equal("***", (await secret.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString());

        var region = await admin.GetFromJsonAsync<JsonElement>("api/v1/variables/region");
        Assert.Equal("eu-west", region.GetProperty("value").GetString());
        Assert.Equal("where we run", region.GetProperty("description").GetString());
        var list = await admin.GetStringAsync("api/v1/variables");
        Assert.Contains("db_token_rest", list, StringComparison.Ordinal);
        Assert.DoesNotContain("rest-Secret-4471", list, StringComparison.Ordinal);
        var stored = await host.Store.GetVariableAsync("db_token_rest");
        Assert.True(stored!.IsSecret);
        Assert.DoesNotContain("rest-Secret-4471", stored.Value, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("api/v1/variables/region")).StatusCode);
        var gone = await admin.GetAsync("api/v1/variables/region");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("No variable 'region'", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var bad = await admin.PutAsJsonAsync("api/v1/variables/bad key!", new { value = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("not valid", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var audit = (await host.Store.ListAuditAsync(0, 200)).Entries;
        Assert.Contains(audit, e => e is { Action: "variable.set", Target: "region", Actor: "api-key:ci" });
        Assert.Contains(audit, e => e is { Action: "variable.set", Target: "db_token_rest", Detail: "secret=true" });
        Assert.Contains(audit, e => e is { Action: "variable.delete", Target: "region", Actor: "api-key:ci" });
        Assert.DoesNotContain(audit, e => e.Detail.Contains("rest-Secret-4471", StringComparison.Ordinal) || e.Detail.Contains("eu-west", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LeakingTask_SecretsAreMaskedInStoredLogRestViewsAlertAndAudit_ButTheTaskGotThemIntact()
    {
        using var admin = host.Client(HostUnderTest.AdminKey);
        (await admin.PutAsJsonAsync($"api/v1/variables/{SecretLeakDag.VariableKey}", new { value = Token, is_secret = true })).EnsureSuccessStatusCode();
        await host.WaitForAsync(async () => await host.Store.GetDagAsync("secret_leak") is not null, TimeSpan.FromSeconds(60), "the secret_leak DAG to be synced");

        var trigger = await admin.PostAsJsonAsync("api/v1/dags/secret_leak/dagRuns", new { conf = new { password = ConfPassword, region = "eu" } });
        Assert.Equal(HttpStatusCode.Created, trigger.StatusCode);
        var runId = (await trigger.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!;
        var key = new RunKey("secret_leak", runId);
        await host.WaitForRunAsync(key, s => s.Run.State == Core.States.DagRunState.Failed, "the leaking run to fail");
        string[] secrets = [HostUnderTest.LeakyPassword, Token, ConfPassword];

        // The stored log: every secret masked, yet the task saw each one intact (it logged them reversed).
        var log = string.Join("\n", (await host.Store.GetLogAsync(key, "leak", 1)).Select(l => l.Message));
        AssertNone(secrets, log, "the stored log");
        Assert.Contains("***", log, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.Contains(new string([.. secret.Reverse()]), log, StringComparison.Ordinal);
        }

        var tries = await host.Store.ListTriesAsync(key, "leak");
        AssertNone(secrets, tries.Single().Error ?? "", "the try's error");
        Assert.Contains("login failed for leaker with ***", tries.Single().Error, StringComparison.Ordinal);

        // REST: the log, the run (its conf) and the task instances.
        AssertNone(secrets, await admin.GetStringAsync($"api/v1/dags/secret_leak/dagRuns/{runId}/taskInstances/leak/logs/1"), "the REST log");
        var run = await admin.GetFromJsonAsync<JsonElement>($"api/v1/dags/secret_leak/dagRuns/{runId}");
        Assert.Equal("***", run.GetProperty("run").GetProperty("conf").GetProperty("password").GetString());
        Assert.Equal("eu", run.GetProperty("run").GetProperty("conf").GetProperty("region").GetString());
        AssertNone(secrets, run.GetRawText(), "the REST run");
        Assert.Contains(ConfPassword, (await host.Store.GetRunAsync(key))!.Run.ConfJson, StringComparison.Ordinal);

        // The alert body (the same text goes to webhook and mail) and the audit log.
        await host.WaitForAsync(async () => (await ((Core.Alerts.IAlertStore)host.Store).ListAlertsAsync(200)).Any(a => a.RunId == runId), TimeSpan.FromSeconds(30), "the failure alert");
        foreach (var alert in (await ((Core.Alerts.IAlertStore)host.Store).ListAlertsAsync(200)).Where(a => a.RunId == runId))
        {
            AssertNone(secrets, alert.Subject + alert.Body + alert.PayloadJson, "the alert");
            Assert.Contains("***", alert.Body, StringComparison.Ordinal);
        }

        var triggerAudit = (await host.Store.ListAuditAsync(0, 200)).Entries.Single(e => e.Action == "run.trigger" && e.Target.EndsWith(runId, StringComparison.Ordinal));
        AssertNone(secrets, triggerAudit.Detail, "the audit detail");
        AssertNone(secrets, await admin.GetStringAsync("api/v1/auditLog?limit=500"), "the REST audit log");
        AssertNone(secrets, host.Output, "the engine's own log");
    }

    [Fact]
    public async Task SecretVariables_OneKeyRingForHostAndCli_ASecretSetByEitherIsReadByTheOther()
    {
        // Set through the host (REST), read by the CLI on a machine of its own.
        using var admin = host.Client(HostUnderTest.AdminKey);
        (await admin.PutAsJsonAsync("api/v1/variables/cross_process_secret", new { value = "rest-Made-9034", is_secret = true })).EnsureSuccessStatusCode();
        var get = await host.RunCliAsync("variables", "get", "cross_process_secret");
        Assert.True(get.ExitCode == 0, $"exit {get.ExitCode}: {get.Output}{get.Error}");
        Assert.Equal("rest-Made-9034", get.Output.Trim());

        // Set through the CLI, read by a task on the host's worker (it logs the value reversed; the value itself is masked).
        const string fromCli = "cli-Made-6621";
        var set = await host.RunCliAsync("variables", "set", SecretLeakDag.VariableKey, fromCli, "--secret");
        Assert.True(set.ExitCode == 0, $"exit {set.ExitCode}: {set.Output}{set.Error}");
        await host.WaitForAsync(async () => await host.Store.GetDagAsync("secret_leak") is not null, TimeSpan.FromSeconds(60), "the secret_leak DAG to be synced");
        var trigger = await admin.PostAsJsonAsync("api/v1/dags/secret_leak/dagRuns", new { conf = new { password = "x", region = "eu" } });
        Assert.Equal(HttpStatusCode.Created, trigger.StatusCode);
        var key = new RunKey("secret_leak", (await trigger.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!);
        await host.WaitForRunAsync(key, s => s.Run.State == Core.States.DagRunState.Failed, "the leaking run to fail");
        var log = string.Join("\n", (await host.Store.GetLogAsync(key, "leak", 1)).Select(l => l.Message));
        Assert.Contains(new string([.. fromCli.Reverse()]), log, StringComparison.Ordinal);
        Assert.DoesNotContain(fromCli, log, StringComparison.Ordinal);
    }

    private static void AssertNone(IEnumerable<string> secrets, string text, string where)
    {
        foreach (var secret in secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{where} shows the secret '{secret}':\n{text}");
        }
    }
}
