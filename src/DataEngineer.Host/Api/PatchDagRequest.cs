namespace DataEngineer.Host.Api;

/// <summary><c>PATCH /dags/{dag_id}</c>: pause or unpause.</summary>
internal sealed record PatchDagRequest(bool? IsPaused);
