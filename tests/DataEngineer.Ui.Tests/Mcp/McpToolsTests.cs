using System.Net;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Xunit;

namespace DataEngineer.Ui.Tests.Mcp;

/// <summary>
/// The MCP server as an assistant uses it, with the SDK's own client over stdio (<c>dataengineer mcp</c>) and streamable
/// HTTP (<c>/mcp</c>, API key): each seeded fault's root cause is surfaced, nothing can change state, masked values stay
/// masked, big answers are capped with a note, and bad arguments get an error result naming the argument.
/// </summary>
public sealed class McpToolsTests(McpFaultHost faults) : IClassFixture<McpFaultHost>
{
    private static readonly string[] Tools =
    [
        "check_schema_change", "dataset_facts", "diagnose_run", "explore_dag", "get_task_logs", "lineage_impact", "list_dags",
        "list_import_errors", "query_plan", "recent_alerts", "sample_rows",
    ];

    [Fact]
    public async Task NewOrderStatus_DiagnoseRun_NamesTheNewValueAndTheCheckItFailed_OverHttp()
    {
        await using var client = await faults.HttpClientAsync(HostUnderTest.ViewerKey);

        var (json, text) = await CallAsync(client, "diagnose_run", new() { ["dagId"] = McpOrdersDag.DagId, ["runId"] = faults.Runs["new_status"] });

        Assert.Equal(["quality_check"], json.GetProperty("root_causes").EnumerateArray().Select(t => t.GetProperty("task_id").GetString()));
        var findings = Strings(json.GetProperty("findings"));
        Assert.Contains(findings, f => f.Contains("Check 'accepted_values_status'", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("new_values:", StringComparison.Ordinal) && f.Contains("on_hold", StringComparison.Ordinal));
        Assert.Contains("on_hold", json.GetProperty("failed_checks")[0].GetProperty("sample").GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("@example.com", text, StringComparison.Ordinal); // the failing rows' e-mails (PII) stay masked
        Assert.Contains("***", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VolumeDrop_IsAnAnomalyWithItsExpectedBand_OverStdio()
    {
        await using var client = await faults.StdioClientAsync();

        var (diagnosis, _) = await CallAsync(client, "diagnose_run", new() { ["dagId"] = McpOrdersDag.DagId, ["runId"] = faults.Runs["volume_drop"] });
        var (dataset, _) = await CallAsync(client, "dataset_facts", new() { ["name"] = "mcp.raw_orders" });

        var anomaly = diagnosis.GetProperty("data_events").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "row_count_anomaly");
        var band = anomaly.GetProperty("after");
        Assert.Equal((8, 16, 24), (band.GetProperty("actual").GetInt32(), band.GetProperty("expected_low").GetInt32(), band.GetProperty("expected_high").GetInt32()));
        Assert.Contains(dataset.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "row_count_anomaly");
        Assert.Equal("orders-team", dataset.GetProperty("owner").GetString());
    }

    [Fact]
    public async Task DroppedColumn_ShowsDrift_AndTheConsumersThatBreak()
    {
        await using var client = await faults.HttpClientAsync(HostUnderTest.ViewerKey);

        var (diagnosis, _) = await CallAsync(client, "diagnose_run", new() { ["dagId"] = McpOrdersDag.DagId, ["runId"] = faults.Runs["dropped_column"] });
        var (impact, _) = await CallAsync(client, "lineage_impact", new() { ["name"] = "mcp.raw_orders", ["column"] = "channel" });
        var (proposal, _) = await CallAsync(client, "check_schema_change", new() { ["name"] = "mcp.raw_orders", ["dropColumns"] = new[] { "status" } });

        var root = Assert.Single(diagnosis.GetProperty("root_causes").EnumerateArray());
        Assert.Equal("enrich", root.GetProperty("task_id").GetString());
        Assert.Contains("channel", root.GetProperty("error").GetString(), StringComparison.Ordinal);
        var drift = diagnosis.GetProperty("data_events").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "schema_drift");
        Assert.Contains("channel", drift.GetProperty("before").GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("channel", drift.GetProperty("after").GetRawText(), StringComparison.Ordinal);
        Assert.Equal(["mcp_orders.enrich"], Strings(impact.GetProperty("breaks_if_column_changes")));
        Assert.Contains("mcp.enriched_orders", impact.GetProperty("downstream_datasets").GetRawText(), StringComparison.Ordinal);
        Assert.Equal(["mcp_orders.enrich"], Strings(proposal.GetProperty("consumers_that_break"))); // its recorded SQL reads o.status
        Assert.StartsWith("allowed by the contract, but consumers read", proposal.GetProperty("verdict").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupGrownAHundredfold_QueryPlanAndDatasetFacts_ShowTheGrowthAndTheSequentialScan()
    {
        await using var client = await faults.HttpClientAsync(HostUnderTest.ViewerKey);

        var (before, _) = await CallAsync(client, "query_plan", new() { ["dagId"] = McpOrdersDag.DagId, ["taskId"] = "enrich", ["runId"] = faults.Runs["volume_drop"] });
        var (after, _) = await CallAsync(client, "query_plan", new() { ["dagId"] = McpOrdersDag.DagId, ["taskId"] = "enrich", ["runId"] = faults.Runs["lookup_grown"] });
        var (lookup, _) = await CallAsync(client, "dataset_facts", new() { ["name"] = "mcp.status_lookup" });
        var (diagnosis, _) = await CallAsync(client, "diagnose_run", new() { ["dagId"] = McpOrdersDag.DagId, ["runId"] = faults.Runs["lookup_grown"] });

        var insertBefore = before.GetProperty("statements")[1];
        var insertAfter = after.GetProperty("statements")[1];
        Assert.DoesNotContain("status_lookup", Strings(insertBefore.GetProperty("sequential_scans")));
        Assert.Contains("status_lookup", Strings(insertAfter.GetProperty("sequential_scans")));
        Assert.Contains(Strings(insertAfter.GetProperty("costliest_nodes")), n => n.StartsWith("Seq Scan on status_lookup", StringComparison.Ordinal));
        var writes = lookup.GetProperty("writes").EnumerateArray().ToList();
        Assert.Equal(200_000, writes[0].GetProperty("row_estimate").GetInt64());
        Assert.Equal(2_000, writes[^1].GetProperty("row_estimate").GetInt64());
        var sizes = writes.Select(w => w.GetProperty("size_bytes").GetInt64()).ToList();
        Assert.True(sizes.Max() > 25 * sizes.Min(), string.Join(", ", sizes)); // 100x the rows, without its index
        Assert.Contains(lookup.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "table_size_anomaly");
        Assert.Contains(lookup.GetProperty("sequential_scans_by_readers").EnumerateArray(), s => s.GetProperty("task").GetString() == "mcp_orders.enrich");
        Assert.Contains(Strings(diagnosis.GetProperty("findings")), f => f.Contains("status_lookup with a sequential scan", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailingUpstream_DiagnoseRun_PointsAtIt_NotAtTheDownstreamSymptoms()
    {
        await using var client = await faults.StdioClientAsync();

        var (json, _) = await CallAsync(client, "diagnose_run", new() { ["dagId"] = McpOrdersDag.DagId, ["runId"] = faults.Runs["failing_upstream"] });

        var root = Assert.Single(json.GetProperty("root_causes").EnumerateArray());
        Assert.Equal("extract", root.GetProperty("task_id").GetString());
        Assert.Contains("division by zero", root.GetProperty("error").GetString(), StringComparison.Ordinal);
        var symptoms = json.GetProperty("downstream_symptoms").EnumerateArray().ToDictionary(s => s.GetProperty("task_id").GetString()!, s => s);
        Assert.Equal(["enrich", "quality_check", "report"], symptoms.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("failed", symptoms["report"].GetProperty("state").GetString());
        Assert.Equal(["extract"], Strings(symptoms["report"].GetProperty("caused_by")));
        Assert.StartsWith("Task extract failed", Strings(json.GetProperty("findings"))[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryToolOnlyReads_AndMcpWithoutAKeyIs401()
    {
        await using var client = await faults.HttpClientAsync(HostUnderTest.ViewerKey);
        using var anonymous = faults.Host.Client(apiKey: null);
        using var wrongKey = faults.Host.Client("not-a-key-0123456789abcdefghij");

        var tools = await client.ListToolsAsync();
        var templates = await client.ListResourceTemplatesAsync();
        var resource = await client.ReadResourceAsync("dataengineer://datasets/mcp.raw_orders");
        var withoutKey = await anonymous.PostAsync("mcp", new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json"));
        var badKey = await wrongKey.PostAsync("mcp", new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(Tools, tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tools, t => Assert.True(t.ProtocolTool.Annotations?.ReadOnlyHint == true && t.ProtocolTool.Annotations.DestructiveHint == false, t.Name));
        Assert.Equal(["dataengineer://dags/{dagId}", "dataengineer://datasets/{name}"], templates.Select(t => t.UriTemplate).Order(StringComparer.Ordinal));
        Assert.Contains("\"name\":\"mcp.raw_orders\"", Assert.IsType<TextResourceContents>(Assert.Single(resource.Contents)).Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, badKey.StatusCode);
    }

    [Fact]
    public async Task SampleRows_MasksPii_AndRefusesUndeclaredTables()
    {
        await using var client = await faults.HttpClientAsync(HostUnderTest.ViewerKey);

        var (json, text) = await CallAsync(client, "sample_rows", new() { ["name"] = "mcp.raw_orders", ["limit"] = 3 });
        var undeclared = await client.CallToolAsync("sample_rows", new Dictionary<string, object?> { ["name"] = "mcp.source_orders" });
        var hostile = await client.CallToolAsync("sample_rows", new Dictionary<string, object?> { ["name"] = "mcp.raw_orders; DROP TABLE mcp.raw_orders" });

        Assert.Equal(3, json.GetProperty("rows").GetArrayLength());
        Assert.All(json.GetProperty("rows").EnumerateArray(), r => Assert.Equal("b***@***.com", r.GetProperty("email").GetString()));
        Assert.DoesNotContain("buyer", text, StringComparison.Ordinal);
        Assert.Equal(["email"], Strings(json.GetProperty("masked_columns")));
        Assert.True(undeclared.IsError);
        Assert.Contains("argument 'name'", Text(undeclared), StringComparison.Ordinal);
        Assert.True(hostile.IsError);
        Assert.Contains("not a valid SQL identifier", Text(hostile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedResults_AreCappedWithANote()
    {
        await using var client = await faults.HttpClientAsync(HostUnderTest.ViewerKey);

        var (dags, _) = await CallAsync(client, "list_dags", new() { ["limit"] = 1 });
        var (logs, _) = await CallAsync(client, "get_task_logs", new() { ["dagId"] = McpOrdersDag.DagId, ["runId"] = faults.Runs["normal2"], ["taskId"] = "extract", ["tail"] = 1 });

        Assert.Equal(1, dags.GetProperty("dags").GetArrayLength());
        Assert.StartsWith("capped:", dags.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, logs.GetProperty("lines").GetArrayLength());
        Assert.StartsWith("capped: the last 1 of", logs.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("diagnose_run", "{}", "argument 'dagId': it is required")]
    [InlineData("diagnose_run", """{"dagId": "no_such_dag"}""", "argument 'dagId': no DAG 'no_such_dag' is known")]
    [InlineData("diagnose_run", """{"dagId": "mcp_orders", "runId": "nope"}""", "argument 'runId': DAG 'mcp_orders' has no run 'nope'")]
    [InlineData("list_dags", """{"limit": "lots"}""", "argument 'limit': expected integer, got string")]
    [InlineData("list_dags", """{"limit": 0}""", "argument 'limit': 0 is below 1")]
    [InlineData("list_dags", """{"colour": "red"}""", "argument 'colour': list_dags takes no such argument")]
    [InlineData("query_plan", """{"dagId": "mcp_orders", "taskId": "nope"}""", "argument 'taskId': run ")]
    [InlineData("check_schema_change", """{"name": "mcp.raw_orders", "retypeColumns": ["amount"]}""", "argument 'retypeColumns': 'amount' is not column=type")]
    public async Task BadArguments_GetAnErrorResultNamingTheArgument(string tool, string arguments, string expected)
    {
        await using var client = await faults.HttpClientAsync(HostUnderTest.ViewerKey);

        var result = await client.CallToolAsync(tool, JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments)!);

        Assert.True(result.IsError);
        Assert.Contains(expected, Text(result), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Text(result), StringComparison.Ordinal);
    }

    private static async Task<(JsonElement Json, string Text)> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        var text = Text(result);
        Assert.False(result.IsError == true, $"{tool} answered an error: {text}");
        return (JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    private static List<string> Strings(JsonElement array) => array.ValueKind == JsonValueKind.Array ? [.. array.EnumerateArray().Select(e => e.GetString()!)] : [];
}
