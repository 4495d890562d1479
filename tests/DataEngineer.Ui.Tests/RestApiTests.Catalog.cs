using System.Net;
using System.Text.Json;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>A dataset's catalog entry and its lineage across DAGs, read with the viewer's key (the test DAGs declare it_ds.customers).</summary>
public sealed partial class RestApiTests
{
    private const string Customers = "it_ds.customers";

    [Fact]
    public async Task DatasetLineage_ShowsWritersReadersAndImpact_ForTheViewer_UnknownIsProblemDetails()
    {
        using var api = host.Client(HostUnderTest.ViewerKey);
        using var lineage = JsonDocument.Parse(await WaitForLineageAsync(api));
        var root = lineage.RootElement;
        Assert.Equal(Customers, root.GetProperty("dataset").GetString());
        Assert.Equal("both", root.GetProperty("direction").GetString());
        var nodes = root.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!, n => n.GetProperty("distance").GetInt32());
        Assert.Equal(0, nodes["dataset:it_ds.customers"]);
        Assert.Equal(-1, nodes["task:it_ds_customers.publish_customers"]);
        Assert.Equal(1, nodes["task:it_ds_all.consume"]);
        Assert.Equal(1, nodes["task:it_ds_any.consume"]);
        var links = root.GetProperty("links").EnumerateArray().Select(l => (l.GetProperty("from").GetString(), l.GetProperty("to").GetString())).ToList();
        Assert.Contains(("task:it_ds_customers.publish_customers", "dataset:it_ds.customers"), links);
        Assert.Contains(("dataset:it_ds.customers", "task:it_ds_all.consume"), links);
        var impact = root.GetProperty("impact");
        Assert.Equal(["it_ds_all", "it_ds_any"], impact.GetProperty("dags").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("0 downstream datasets and 2 DAGs read this", impact.GetProperty("summary").GetString());

        using var upstream = JsonDocument.Parse(await api.GetStringAsync($"api/v1/datasets/{Customers}/lineage?direction=upstream"));
        Assert.All(upstream.RootElement.GetProperty("nodes").EnumerateArray(), n => Assert.True(n.GetProperty("distance").GetInt32() <= 0));

        using var badDirection = await api.GetAsync($"api/v1/datasets/{Customers}/lineage?direction=sideways");
        await AssertProblemAsync(badDirection, HttpStatusCode.BadRequest, "sideways");
        using var badDepth = await api.GetAsync($"api/v1/datasets/{Customers}/lineage?depth=0");
        await AssertProblemAsync(badDepth, HttpStatusCode.BadRequest, "depth 0");
        using var missing = await api.GetAsync("api/v1/datasets/no.such_dataset/lineage");
        await AssertProblemAsync(missing, HttpStatusCode.NotFound, "No dataset 'no.such_dataset'");

        using var anonymous = host.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"api/v1/datasets/{Customers}/lineage")).StatusCode);
    }

    [Fact]
    public async Task DatasetCatalog_ForTheViewer_UnknownIsProblemDetails()
    {
        using var api = host.Client(HostUnderTest.ViewerKey);
        await WaitForLineageAsync(api);
        using var catalog = JsonDocument.Parse(await api.GetStringAsync($"api/v1/datasets/{Customers}/catalog"));
        var root = catalog.RootElement;
        Assert.Equal(Customers, root.GetProperty("name").GetString());
        Assert.False(root.GetProperty("is_declared").GetBoolean());   // the test DAGs name it only
        Assert.Equal("none", root.GetProperty("contract").GetString());
        Assert.Empty(root.GetProperty("columns").EnumerateArray());
        Assert.Empty(root.GetProperty("warnings").EnumerateArray());

        using var missing = await api.GetAsync("api/v1/datasets/no.such_dataset/catalog");
        await AssertProblemAsync(missing, HttpStatusCode.NotFound, "No dataset 'no.such_dataset'");

        using var anonymous = host.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"api/v1/datasets/{Customers}/catalog")).StatusCode);
    }

    // The scheduler stores the catalog when it first syncs the loaded DAGs; wait for it (bounded).
    private static async Task<string> WaitForLineageAsync(HttpClient api)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await api.GetAsync($"api/v1/datasets/{Customers}/lineage");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK && body.Contains("it_ds_any.consume", StringComparison.Ordinal))
            {
                return body;
            }

            Assert.True(DateTimeOffset.UtcNow < until, $"the lineage of {Customers} never appeared: {(int)response.StatusCode} {body}");
            await Task.Delay(200);
        }
    }
}
