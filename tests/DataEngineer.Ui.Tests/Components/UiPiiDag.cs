using DataEngineer.Core.Loading;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>ui_flaky with one task reading crm.customers, whose email column is classified PII: what the masking tests load.</summary>
internal sealed class UiPiiDag() : Dag("ui_flaky")
{
    private static readonly Dataset Customers = new("crm.customers") { Columns = [new DatasetColumnSpec("email") { Classification = DataClassification.Pii }] };

    /// <summary>The validated graph, as the UI's registry holds it.</summary>
    public static DagGraph Graph => DagCatalog.FromInstance(new UiPiiDag(), "pii.cs").Get("ui_flaky");

    protected override void Define(DagBuilder dag) => dag.Task("extract", _ => { }, new TaskOptions { Reads = [Customers] });
}
