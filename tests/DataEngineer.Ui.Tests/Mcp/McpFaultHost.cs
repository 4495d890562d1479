using System.Net.Http.Json;
using System.Text.Json;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using ModelContextProtocol.Client;
using Npgsql;
using Xunit;

namespace DataEngineer.Ui.Tests.Mcp;

/// <summary>
/// A real host with <see cref="McpOrdersDag"/> in its DAGs folder and the five faults of issue 20 seeded through real runs:
/// four normal days, a volume drop, a lookup grown 100x that lost its index, a failing extract, a dropped column, and an
/// upstream that adds a new order status. Tests ask the MCP tools about them over both transports.
/// </summary>
public sealed class McpFaultHost : IAsyncLifetime
{
    public HostUnderTest Host { get; } = new() { DagFiles = new Dictionary<string, string> { [McpOrdersDag.FileName] = McpOrdersDag.Source } };

    /// <summary>The run of each seeded day, by what happened in it.</summary>
    public Dictionary<string, string> Runs { get; } = [];

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        await ExecuteAsync(McpOrdersDag.Warehouse);
        await Host.WaitForAsync(async () => await Host.Store.GetCatalogEntryAsync("mcp.raw_orders") is { IsDeclared: true }, TimeSpan.FromSeconds(120), "the mcp_orders DAG to load and its datasets to be in the catalog");
        for (var day = 2; day <= 5; day++)
        {
            Runs[$"normal{day}"] = await RunAsync(day, "{}", DagRunState.Success);
        }

        Runs["volume_drop"] = await RunAsync(6, """{"volumeDrop": true}""", DagRunState.Success);
        // The lookup grows 100x, and a rebuild left it without its index: enrich's per-row lookup becomes a sequential scan.
        await ExecuteAsync("INSERT INTO mcp.status_lookup SELECT 'filler-' || g, 'FILLER' FROM generate_series(1, 198000) g; DROP INDEX mcp.status_lookup_code_idx");
        Runs["lookup_grown"] = await RunAsync(7, "{}", DagRunState.Success);
        Runs["failing_upstream"] = await RunAsync(8, """{"failExtract": true}""", DagRunState.Failed);
        await ExecuteAsync("ALTER TABLE mcp.raw_orders DROP COLUMN channel");
        Runs["dropped_column"] = await RunAsync(9, "{}", DagRunState.Failed);
        Runs["new_status"] = await RunAsync(10, """{"newStatus": true}""", DagRunState.Failed);
    }

    public Task DisposeAsync() => Host.DisposeAsync();

    /// <summary>An MCP client over streamable HTTP with this API key.</summary>
    public Task<McpClient> HttpClientAsync(string apiKey) => McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
    {
        Endpoint = new Uri(Host.BaseUrl, "mcp"),
        TransportMode = HttpTransportMode.StreamableHttp,
        AdditionalHeaders = new Dictionary<string, string> { ["X-Api-Key"] = apiKey },
    }));

    /// <summary>An MCP client that starts <c>dataengineer mcp</c> as an assistant does, talking over its stdin and stdout.</summary>
    public Task<McpClient> StdioClientAsync() => McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
    {
        Command = "dotnet",
        Arguments = [Path.Combine(AppContext.BaseDirectory, "dataengineer.dll"), "mcp"],
        EnvironmentVariables = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Metadata"] = Host.ConnectionString,
            ["ConnectionStrings__Warehouse"] = Host.ConnectionString,
        },
    }));

    private async Task<string> RunAsync(int day, string conf, DagRunState expected)
    {
        using var client = Host.Client(HostUnderTest.OperatorKey);
        var response = await client.PostAsJsonAsync($"api/v1/dags/{McpOrdersDag.DagId}/dagRuns", new
        {
            conf = JsonDocument.Parse(conf).RootElement,
            logical_date = new DateTimeOffset(2024, 3, day, 0, 0, 0, TimeSpan.Zero),
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"trigger of 2024-03-{day:00}: {(int)response.StatusCode} {body}");
        var runId = JsonDocument.Parse(body).RootElement.GetProperty("run_id").GetString()!;
        var run = await Host.WaitForRunAsync(new RunKey(McpOrdersDag.DagId, runId), r => r.Run.State.IsFinished(), $"run {runId} to finish");
        Assert.True(run.Run.State == expected, $"run {runId} ended {run.Run.State}, expected {expected}: "
            + string.Join("; ", run.Tasks.Values.Select(t => $"{t.TaskId} {t.State} {t.Error}")));
        return runId;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
