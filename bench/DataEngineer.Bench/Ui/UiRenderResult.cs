using DataEngineer.Bench.Reporting;

namespace DataEngineer.Bench.Ui;

/// <summary>Server render times of the UI's busiest pages against a metadata database of <see cref="Dags"/> DAGs and <see cref="Runs"/> runs.</summary>
public sealed record UiRenderResult(int Dags, int Runs, int TaskInstances, int GridDagRuns, Distribution DagsPage, Distribution DagGrid, Distribution RunPage);
