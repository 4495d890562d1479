using System.ComponentModel;
using ModelContextProtocol.Server;

namespace DataEngineer.Host.Mcp;

/// <summary>Datasets and DAGs as MCP resources: the same facts as dataset_facts and explore_dag, by URI.</summary>
[McpServerResourceType]
internal sealed class DataEngineerResources(McpFacts facts)
{
    [McpServerResource(UriTemplate = "dataengineer://datasets/{name}", Name = "dataset", MimeType = "application/json")]
    [Description("A dataset's recorded facts (as dataset_facts): schema, row counts and sizes, freshness, checks, events, catalog.")]
    public async Task<string> DatasetAsync(string name, CancellationToken ct) =>
        await facts.ReplyAsync(await new DatasetFacts(facts).DescribeAsync(name, 20, ct), ct);

    [McpServerResource(UriTemplate = "dataengineer://dags/{dagId}", Name = "dag", MimeType = "application/json")]
    [Description("A DAG's structure, datasets, recent runs and code (as explore_dag).")]
    public async Task<string> DagAsync(string dagId, CancellationToken ct) =>
        await facts.ReplyAsync(await DagTools.DescribeAsync(facts, dagId, includeCode: true, ct), ct);
}
