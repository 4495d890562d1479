using DataEngineer.Core.Loading;

namespace DataEngineer.Ui.Presentation;

/// <summary>The DAG import errors of the loaded catalog, for the banner on the DAGs page.</summary>
public sealed record ImportErrors(IReadOnlyList<DagImportError> Errors);
