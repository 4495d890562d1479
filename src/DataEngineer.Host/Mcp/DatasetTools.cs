using System.ComponentModel;
using DataEngineer.Core.Catalog;
using ModelContextProtocol.Server;

namespace DataEngineer.Host.Mcp;

/// <summary>The MCP tools about datasets: their recorded facts, their lineage and the impact of a change.</summary>
[McpServerToolType]
internal sealed class DatasetTools(McpFacts facts)
{
    [McpServerTool(Name = "dataset_facts", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false)]
    [Description("What the orchestrator recorded of a dataset (table): schema and its versions, row counts and sizes on disk over time with the "
        + "expected band, freshness against its SLA, latest check results with failing-row samples, anomalies, drift and new values, contract, "
        + "owner, column docs and classifications, and statements of its readers that scan it sequentially.")]
    public async Task<string> DatasetFactsAsync(
        [Description("The dataset, e.g. warehouse.fact_orders.")] string? name = null,
        [Description("How many of its latest writes (default 20, cap 100).")] int? writes = null,
        CancellationToken ct = default) =>
        await facts.ReplyAsync(await new DatasetFacts(facts).DescribeAsync(
            McpFacts.Required(name, "name", "warehouse.fact_orders"), McpFacts.Limit(writes, "writes", 20, 100), ct), ct);

    [McpServerTool(Name = "lineage_impact", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false)]
    [Description("Upstream and downstream datasets and DAGs of a dataset, and who breaks if a column changes: the tasks that read it, "
        + "with the ones whose recorded SQL names the column.")]
    public async Task<string> LineageImpactAsync(
        [Description("The dataset, e.g. warehouse.fact_orders.")] string? name = null,
        [Description("A column whose change (type, removal) you want the impact of.")] string? column = null,
        [Description("Dataset hops to follow each way (default all, cap 10).")] int? depth = null,
        CancellationToken ct = default)
    {
        var dataset = McpFacts.Required(name, "name", "warehouse.fact_orders");
        var hops = depth is null ? (int?)null : McpFacts.Limit(depth, "depth", 10, 10);
        var lineage = new DatasetLineage(await facts.Catalog.ListLineageEdgesAsync(ct));
        if (!lineage.Knows(dataset))
        {
            throw McpFacts.BadArgument("name", $"no task declares it reads or writes '{dataset}'; dataset_facts shows what was recorded of it.");
        }

        var graph = lineage.Trace(dataset, LineageDirection.Both, hops);
        var readers = await new DatasetFacts(facts).ConsumersAsync(dataset, lineage, column, ct);
        return await facts.ReplyAsync(new
        {
            dataset,
            upstream_datasets = graph.Nodes.Where(n => n.Kind == LineageNode.DatasetKind && n.Distance < 0).Select(n => new { name = n.Name, hops = -n.Distance }),
            downstream_datasets = graph.Nodes.Where(n => n.Kind == LineageNode.DatasetKind && n.Distance > 0).Select(n => new { name = n.Name, hops = n.Distance }),
            writers = lineage.Writers(dataset).Select(e => e.Task),
            readers,
            downstream_dags = graph.Impact.ReadingDags,
            impact = graph.Impact.Summary,
            column,
            breaks_if_column_changes = column is null ? null : readers.Where(r => r.Breaks).Select(r => r.Task),
            note = column is null ? null : "column-level lineage is not declared: a reader counts as broken when its recorded SQL names the column, or when it declares no SQL (C# tasks read whole rows)",
        }, ct);
    }

    [McpServerTool(Name = "check_schema_change", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false)]
    [Description("Evaluates a proposed schema change of a dataset before anyone ships it: against its declared contract (Additive or Exact) "
        + "and against its consumers. Nothing is changed.")]
    public async Task<string> CheckSchemaChangeAsync(
        [Description("The dataset, e.g. warehouse.dim_customers.")] string? name = null,
        [Description("Columns to drop.")] string[]? dropColumns = null,
        [Description("Columns to retype, as column=new_type, e.g. customer_id=integer.")] string[]? retypeColumns = null,
        [Description("Columns to add, as column=type, e.g. channel=text.")] string[]? addColumns = null,
        CancellationToken ct = default)
    {
        var dataset = McpFacts.Required(name, "name", "warehouse.dim_customers");
        var drops = dropColumns ?? [];
        var retypes = Pairs(retypeColumns, "retypeColumns");
        var adds = Pairs(addColumns, "addColumns");
        if (drops.Length == 0 && retypes.Count == 0 && adds.Count == 0)
        {
            throw McpFacts.BadArgument("dropColumns", "give at least one of dropColumns, retypeColumns or addColumns.");
        }

        var entry = await facts.Catalog.GetCatalogEntryAsync(dataset, ct);
        var recorded = await facts.Quality.GetDatasetAsync(dataset, ct);
        if (entry is null && recorded is null)
        {
            throw McpFacts.BadArgument("name", $"no dataset '{dataset}' is declared or recorded; dataset_facts and lineage_impact need one that is.");
        }

        var evaluation = SchemaChangeEvaluation.Of(entry, recorded, drops, retypes, adds);
        var lineage = new DatasetLineage(await facts.Catalog.ListLineageEdgesAsync(ct));
        var consumers = new List<DatasetConsumerView>();
        foreach (var column in drops.Concat(retypes.Keys).Distinct(StringComparer.Ordinal))
        {
            consumers.AddRange(await new DatasetFacts(facts).ConsumersAsync(dataset, lineage, column, ct));
        }

        var broken = consumers.Where(c => c.Breaks).Select(c => c.Task).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return await facts.ReplyAsync(new
        {
            dataset,
            contract = entry?.Contract.ToString().ToLowerInvariant() ?? "none",
            verdict = evaluation.Violations.Count > 0 ? "breaks the contract: the writing task would fail and roll back"
                : broken.Count > 0 ? "allowed by the contract, but consumers read the changed columns" : "safe: no contract violation and no consumer reads the changed columns",
            contract_violations = evaluation.Violations,
            recorded_as_drift = evaluation.Drift,
            consumers_that_break = broken,
            consumers = lineage.Knows(dataset) ? lineage.Readers(dataset).Select(e => e.Task).Distinct(StringComparer.Ordinal) : [],
        }, ct);
    }

    [McpServerTool(Name = "sample_rows", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false)]
    [Description("A few rows of a declared dataset, read in a read-only transaction with a 5 s timeout; PII columns masked, "
        + "confidential columns masked unless the caller is an operator or admin. Capped at 20 rows.")]
    public async Task<string> SampleRowsAsync(
        ModelContextProtocol.Server.RequestContext<ModelContextProtocol.Protocol.CallToolRequestParams> request,
        [Description("The dataset, e.g. warehouse.fact_orders.")] string? name = null,
        [Description("How many rows (default 5, cap 20).")] int? limit = null,
        CancellationToken ct = default)
    {
        var dataset = McpFacts.Required(name, "name", "warehouse.fact_orders");
        var max = McpFacts.Limit(limit, "limit", 5, DatasetSample.MaxRows);
        var sample = await new DatasetSample(facts).ReadAsync(dataset, max, McpFacts.RoleOf(request.User), ct);
        return await facts.ReplyAsync(sample, ct);
    }

    private static Dictionary<string, string> Pairs(string[]? pairs, string argument)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || at == pair.Length - 1)
            {
                throw McpFacts.BadArgument(argument, $"'{pair}' is not column=type, e.g. customer_id=integer.");
            }

            parsed[pair[..at].Trim()] = pair[(at + 1)..].Trim();
        }

        return parsed;
    }
}
