namespace DataEngineer.Ui.Presentation;

/// <summary>The UI's addresses, escaped.</summary>
public static class Links
{
    public static string Dag(string dagId) => $"dags/{E(dagId)}";

    public static string Run(string dagId, string runId) => $"dags/{E(dagId)}/runs/{E(runId)}";

    public static string Try(string dagId, string runId, string taskId, int tryNumber) =>
        $"dags/{E(dagId)}/runs/{E(runId)}/tasks/{E(taskId)}/tries/{tryNumber}";

    public static string Dataset(string name) => $"datasets/{E(name)}";

    private static string E(string part) => Uri.EscapeDataString(part);
}
