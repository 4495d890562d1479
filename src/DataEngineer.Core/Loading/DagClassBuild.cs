using DataEngineer.Sdk;

namespace DataEngineer.Core.Loading;

/// <summary>What running one DAG class's constructor and <c>Define</c> gave: its definition, or why there is none.</summary>
internal sealed record DagClassBuild(DagDefinition? Definition, DagImportError? Error);
