namespace DataEngineer.Host.Api;

/// <summary>A DAG's paused flag after a PATCH.</summary>
internal sealed record ApiDagPause(string DagId, bool IsPaused);
