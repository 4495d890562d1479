using DataEngineer.Core.Validation;

namespace DataEngineer.Testing.Lineage;

/// <summary>The three lineage DAGs, validated.</summary>
public static class LineageDags
{
    public static IReadOnlyList<DagGraph> All() =>
        [DagValidator.Validate(new IngestDag().Build()), DagValidator.Validate(new OrdersEtlLineageDag().Build()), DagValidator.Validate(new ReportingDag().Build())];
}
