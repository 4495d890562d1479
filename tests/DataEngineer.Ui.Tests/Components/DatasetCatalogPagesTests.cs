using Bunit;
using DataEngineer.Core.Catalog;
using DataEngineer.Core.Loading;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using DataEngineer.Ui.Components;
using DataEngineer.Ui.Pages;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>The catalog panel (columns, PII chip, undocumented marker, warnings), the lineage view and the list's owner and PII badge.</summary>
public sealed class DatasetCatalogPagesTests
{
    private sealed class ContactsDag() : Dag("crm")
    {
        private static readonly Dataset Contacts = new("crm.contacts") { Columns = [new DatasetColumnSpec("email") { Classification = DataClassification.Pii }] };

        protected override void Define(DagBuilder dag) => dag.Task("load", _ => { }, new TaskOptions { Writes = [Contacts] });
    }

    private static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly DatasetCatalogEntry Customers = new()
    {
        Name = "warehouse.dim_customers",
        Owner = "warehouse-team",
        Description = "One row per customer, current state.",
        Tags = ["customers", "gold"],
        Columns =
        [
            new DatasetColumnSpec("customer_id") { Type = "bigint", Nullable = false, Description = "Shop customer number.", Classification = DataClassification.Internal },
            new DatasetColumnSpec("email") { Type = "text", Classification = DataClassification.Pii, Description = "Login e-mail." },
            new DatasetColumnSpec("segment") { Type = "text", AcceptedValues = ["b2b", "b2c"] },
        ],
        Contract = ContractMode.Additive,
        Retention = new RetentionPolicy("updated_at", TimeSpan.FromDays(400)),
        FreshnessSla = TimeSpan.FromHours(26),
        DeclaredBy = "customers_etl.load",
        Warnings = ["Task marketing.segments declares warehouse.dim_customers with a different description."],
    };

    private static readonly LineageEdge[] Edges =
    [
        new("ingest", "extract", "raw.customers", DatasetAccess.Writes),
        new("customers_etl", "load", "raw.customers", DatasetAccess.Reads),
        new("customers_etl", "load", "warehouse.dim_customers", DatasetAccess.Writes),
        new("marketing", "segments", "warehouse.dim_customers", DatasetAccess.Reads),
        new("marketing", "segments", "marketing.segments", DatasetAccess.Writes),
        new("reporting", "value", "marketing.segments", DatasetAccess.Reads),
    ];

    [Fact]
    public async Task Panel_ShowsOwnerContractRetention_PiiChip_UndocumentedColumns_AndWarnings()
    {
        await using var context = new BunitContext();
        UiPageContext.Add(context, new InMemoryMetadataStore(), [], UiPageContext.Clock(Now));

        var panel = context.Render<DatasetCatalogPanel>(p => p
            .Add(x => x.Entry, Customers)
            .Add(x => x.Observed, [new DatasetColumn("customer_id", "bigint"), new DatasetColumn("email", "text"), new DatasetColumn("signup_channel", "text")]));

        Assert.Equal("warehouse-team", panel.Find("[data-testid=catalog-owner]").TextContent);
        Assert.StartsWith("additive", panel.Find("[data-testid=catalog-contract]").TextContent, StringComparison.Ordinal);
        Assert.Contains("updated_at", panel.Find("[data-testid=catalog-retention]").TextContent, StringComparison.Ordinal);
        Assert.Contains("not run yet", panel.Find("[data-testid=catalog-retention-last]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["customers", "gold"], panel.FindAll("[data-testid=catalog-tag]").Select(t => t.TextContent.Trim()));
        Assert.Contains("different description", Assert.Single(panel.FindAll("[data-testid=catalog-warning]")).TextContent, StringComparison.Ordinal);

        var rows = panel.FindAll("[data-testid=catalog-columns] tbody tr").Select(r => r.GetAttribute("data-testid")).ToList();
        Assert.Equal(["column-customer_id", "column-email", "column-segment", "column-signup_channel"], rows);
        Assert.Equal("true", panel.Find("[data-testid=column-email]").GetAttribute("data-pii"));
        Assert.Equal("pii", panel.Find("[data-testid=column-email] [data-testid=classification]").GetAttribute("data-classification"));
        Assert.Equal("false", panel.Find("[data-testid=column-customer_id]").GetAttribute("data-pii"));
        Assert.Equal("no", panel.Find("[data-testid=column-customer_id] td:nth-child(3)").TextContent);
        // Described: no marker. Declared without a description, or only observed in the schema: undocumented.
        Assert.Empty(panel.FindAll("[data-testid=column-email] [data-testid=undocumented]"));
        Assert.Single(panel.FindAll("[data-testid=column-segment] [data-testid=undocumented]"));
        Assert.Single(panel.FindAll("[data-testid=column-signup_channel] [data-testid=undocumented]"));
        Assert.Equal("text", panel.Find("[data-testid=column-signup_channel] td:nth-child(2)").TextContent);
        Assert.Equal("one of: b2b, b2c", panel.Find("[data-testid=column-segment] [data-testid=accepted-values]").TextContent);
        Assert.Empty(panel.FindAll("[data-testid=column-email] [data-testid=accepted-values]"));
    }

    [Fact]
    public async Task Panel_UndeclaredDataset_SaysHowToDeclareIt()
    {
        await using var context = new BunitContext();
        UiPageContext.Add(context, new InMemoryMetadataStore(), [], UiPageContext.Clock(Now));

        var panel = context.Render<DatasetCatalogPanel>(p => p.Add(x => x.Entry, null).Add(x => x.Observed, [new DatasetColumn("id", "bigint")]));

        Assert.Single(panel.FindAll("[data-testid=catalog-undeclared]"));
        Assert.Single(panel.FindAll("[data-testid=column-id] [data-testid=undocumented]"));
    }

    [Fact]
    public async Task LineageView_LaysOutUpstreamLeftDownstreamRight_LinksToPages_AndStatesTheImpact()
    {
        await using var context = new BunitContext();
        UiPageContext.Add(context, new InMemoryMetadataStore(), [], UiPageContext.Clock(Now));
        var graph = new DatasetLineage(Edges).Trace("warehouse.dim_customers");

        var view = context.Render<LineageView>(p => p.Add(x => x.Graph, graph));

        Assert.Contains("1 downstream dataset and 2 DAGs read this", view.Find("[data-testid=lineage-impact]").TextContent, StringComparison.Ordinal);
        double X(string id) => double.Parse(view.Find($"[data-testid='lineage-node-{id}'] rect").GetAttribute("x")!, System.Globalization.CultureInfo.InvariantCulture);
        var order = new[] { "dataset:raw.customers", "task:customers_etl.load", "dataset:warehouse.dim_customers", "task:marketing.segments", "dataset:marketing.segments", "task:reporting.value" };
        Assert.Equal(order.Select(X).Order(), order.Select(X));
        Assert.Equal(order.Length, order.Select(X).Distinct().Count());
        Assert.Equal("datasets/raw.customers", view.Find("[data-testid='lineage-node-dataset:raw.customers']").GetAttribute("href"));
        Assert.Equal("dags/marketing", view.Find("[data-testid='lineage-node-task:marketing.segments']").GetAttribute("href"));
        Assert.Equal(graph.Links.Count, view.FindAll("[data-testid=lineage-graph] line").Count);
    }

    [Fact]
    public async Task DatasetPage_ShowsCatalogAndLineage_ForADeclaredDatasetNotYetWritten()
    {
        await using var context = new BunitContext();
        var store = new InMemoryMetadataStore();
        await store.ReplaceDatasetCatalogAsync(new DatasetCatalogSnapshot([Customers], Edges));
        UiPageContext.Add(context, store, [], UiPageContext.Clock(Now));

        var page = context.Render<DatasetPage>(p => p.Add(x => x.Name, "warehouse.dim_customers"));

        Assert.Single(page.FindAll("[data-testid=dataset-not-written]"));
        Assert.Equal("warehouse-team", page.Find("[data-testid=catalog-owner]").TextContent);
        Assert.Single(page.FindAll("[data-testid=lineage-graph]"));
    }

    [Fact]
    public async Task DatasetPage_MasksTheValuesOfANewValuesEventOnAPiiColumn()
    {
        await using var context = new BunitContext();
        var store = new InMemoryMetadataStore();
        await store.RecordTryObservationsAsync(new TryObservations
        {
            Writes =
            [
                new DatasetWrite
                {
                    Dataset = "crm.contacts", DagId = "crm", RunId = "r1", TaskId = "load", TryNumber = 1, At = Now, LogicalDate = Now, RowCount = 2, RowsWritten = 2,
                    Columns = [new DatasetColumn("email", "text")],
                },
            ],
            Events =
            [
                new QualityEvent
                {
                    Kind = QualityEventKinds.NewValues, Severity = "warn", Dataset = "crm.contacts", DagId = "crm", RunId = "r1", TaskId = "load", At = Now,
                    Message = "crm.contacts.email has a value outside its accepted set: 'jane.doe@example.com'",
                    Before = """["ann@example.org"]""", After = """["ann@example.org","jane.doe@example.com"]""",
                },
            ],
        });
        UiPageContext.Add(context, store, [DagCatalog.FromInstance(new ContactsDag(), "crm.cs").Get("crm")], UiPageContext.Clock(Now));

        var page = context.Render<DatasetPage>(p => p.Add(x => x.Name, "crm.contacts"));

        var row = Assert.Single(page.FindAll("[data-testid=drift-table] tbody tr")).TextContent;
        Assert.DoesNotContain("jane.doe@example.com", row, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ann@example.org", row, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("j***@***.com", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsOwnerAndAPiiBadge()
    {
        await using var context = new BunitContext();
        var store = new InMemoryMetadataStore();
        await store.RecordTryObservationsAsync(new TryObservations
        {
            Writes =
            [
                new DatasetWrite { Dataset = "warehouse.dim_customers", DagId = "customers_etl", RunId = "r1", TaskId = "load", TryNumber = 1, At = Now, LogicalDate = Now, RowCount = 1, RowsWritten = 1 },
                new DatasetWrite { Dataset = "raw.customers", DagId = "ingest", RunId = "r1", TaskId = "extract", TryNumber = 1, At = Now, LogicalDate = Now, RowCount = 1, RowsWritten = 1 },
            ],
        });
        await store.ReplaceDatasetCatalogAsync(new DatasetCatalogSnapshot([Customers], Edges));
        UiPageContext.Add(context, store, [], UiPageContext.Clock(Now));

        var page = context.Render<DatasetsPage>();

        Assert.Equal("warehouse-team", page.Find("[data-testid='owner-warehouse.dim_customers']").TextContent);
        Assert.Single(page.FindAll("[data-testid='pii-warehouse.dim_customers']"));
        Assert.Single(page.FindAll("[data-testid='conflict-warehouse.dim_customers']"));
        Assert.Empty(page.FindAll("[data-testid='pii-raw.customers']"));
    }
}
