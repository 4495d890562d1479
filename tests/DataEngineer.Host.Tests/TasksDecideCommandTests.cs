using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary><c>tasks approve|reject</c> against real PostgreSQL: a waiting approval is decided and audited; anything else is refused clearly.</summary>
public sealed class TasksDecideCommandTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const string Source = """
        using DataEngineer.Sdk;

        public sealed class ApproveCli() : Dag("approve_cli")
        {
            protected override void Define(DagBuilder dag)
            {
                var approved = dag.Approval("approve", new ApprovalOptions { Subject = "Ship it?" });
                dag.Task("after", _ => { }).After(approved);
            }
        }
        """;

    private const string FailingSource = """
        using DataEngineer.Sdk;

        public sealed class ApproveCliFails() : Dag("approve_cli_fails", new DagOptions { Alerts = new AlertOptions { Recipients = ["oncall@example.com"] } })
        {
            protected override void Define(DagBuilder dag)
            {
                var approved = dag.Approval("approve", new ApprovalOptions { Subject = "Ship it?", FailOnReject = true });
                dag.Task("after", _ => { }).After(approved);
            }
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("de-approve-cli-").FullName;
    private NpgsqlDataSource _dataSource = null!;

    private Dictionary<string, string?> Settings => new() { ["ConnectionStrings:Metadata"] = database.ConnectionString, ["DataEngineer:DagsFolder"] = _folder, ["DataEngineer:DagsArePausedAtCreation"] = "false" };

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "approve_cli.cs"), Source);
        await File.WriteAllTextAsync(Path.Combine(_folder, "approve_cli_fails.cs"), FailingSource);
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(_dataSource);
        await JobStoreSchemas.InstallAsync(database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Reject_WaitingApproval_SkipsDownstreamAndIsAudited_ThenDecidingAgainIsRefused()
    {
        var runId = await WaitingRunAsync();

        var rejected = await CliHarness.RunFolderOnlyAsync(Settings, "tasks", "reject", "approve_cli", "--run", runId, "--task", "approve", "--comment", "not today");
        var again = await CliHarness.RunFolderOnlyAsync(Settings, "tasks", "approve", "approve_cli", "--run", runId, "--task", "approve");

        Assert.True(rejected.ExitCode == 0, rejected.Error);
        Assert.Contains($"Rejected approve in {runId}: the task is success, the run success.", rejected.Out, StringComparison.Ordinal);
        Assert.Equal("skipped", await ScalarAsync($"SELECT state FROM dataengineer.task_instances WHERE run_id = '{runId}' AND task_id = 'after'"));
        Assert.Equal($"cli:{Environment.UserName} task.reject approved=False comment=not today",
            await ScalarAsync($"SELECT actor || ' ' || action || ' ' || split_part(detail, ' tasks=', 1) FROM dataengineer.audit_log WHERE target = 'approve_cli/{runId}/approve'"));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("Task 'approve' of run '" + runId + "' is not waiting for a decision: it is success", again.Error, StringComparison.Ordinal);
        Assert.False(again.HasStackTrace, again.Error);
    }

    [Fact]
    public async Task Reject_WithFailOnReject_FailsTheTask_AndRecordsTheFailureAlertForTheDagsRecipients()
    {
        var runId = await WaitingRunAsync("approve_cli_fails");

        var rejected = await CliHarness.RunFolderOnlyAsync(Settings, "tasks", "reject", "approve_cli_fails", "--run", runId, "--task", "approve", "--comment", "numbers wrong");

        Assert.True(rejected.ExitCode == 0, rejected.Error);
        Assert.Contains($"Rejected approve in {runId}: the task is failed, the run failed.", rejected.Out, StringComparison.Ordinal);
        // Recorded in the outbox before the CLI exited, for the DAG's recipient, as any task failure is (a running host delivers it).
        Assert.Equal("task_failed oncall@example.com",
            await ScalarAsync($"SELECT kind || ' ' || recipient FROM dataengineer.alerts WHERE event_key = 'task_failed/approve_cli_fails/{runId}/approve/1'"));
        Assert.Contains("Rejected by cli:", (string)(await ScalarAsync($"SELECT body FROM dataengineer.alerts WHERE event_key = 'task_failed/approve_cli_fails/{runId}/approve/1'"))!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_TaskThatIsNotAnApproval_OrUnknown_ExitsTwoSayingWhy()
    {
        var runId = await WaitingRunAsync();

        var notApproval = await CliHarness.RunFolderOnlyAsync(Settings, "tasks", "approve", "approve_cli", "--run", runId, "--task", "after");
        var unknown = await CliHarness.RunFolderOnlyAsync(Settings, "tasks", "approve", "approve_cli", "--run", runId, "--task", "nope");

        Assert.Equal((2, 2), (notApproval.ExitCode, unknown.ExitCode));
        Assert.Contains("Task 'after' of DAG 'approve_cli' is not an approval task", notApproval.Error, StringComparison.Ordinal);
        Assert.Contains($"Run '{runId}' has no task 'nope'.", unknown.Error, StringComparison.Ordinal);
        Assert.Equal("awaiting_input", await ScalarAsync($"SELECT state FROM dataengineer.task_instances WHERE dag_id = 'approve_cli' AND run_id = '{runId}' AND task_id = 'approve'"));
    }

    [Fact]
    public async Task DagsTest_DagWithAnApproval_ExitsTwoPointingAtARealRun()
    {
        var result = await CliHarness.RunFolderOnlyAsync(Settings, "dags", "test", "approve_cli");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("DAG 'approve_cli' has approval task(s) 'approve', which wait for a person's decision: dags test cannot decide them.", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    // A run triggered through the CLI, moved by hand to where a scheduler would have it: running, its approval asking.
    private async Task<string> WaitingRunAsync(string dagId = "approve_cli")
    {
        var date = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(Random.Shared.Next(1, 10_000));
        var trigger = await CliHarness.RunFolderOnlyAsync(Settings, "dags", "trigger", dagId, "--date", date.ToString("O"));
        Assert.True(trigger.ExitCode == 0, trigger.Error + trigger.Out);
        var runId = (string)(await ScalarAsync($"SELECT run_id FROM dataengineer.dag_runs WHERE dag_id = '{dagId}' AND data_interval_start = '{date:O}'"))!;
        await ScalarAsync($"UPDATE dataengineer.dag_runs SET state = 'running', started_at = now() WHERE dag_id = '{dagId}' AND run_id = '{runId}'");
        await ScalarAsync($"UPDATE dataengineer.task_instances SET state = 'awaiting_input', try_number = 1, started_at = now() WHERE dag_id = '{dagId}' AND run_id = '{runId}' AND task_id = 'approve'");
        return runId;
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
