using System.Text.Json;
using DataEngineer.Core.Governance;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;

namespace DataEngineer.Host.Api;

/// <summary>A DAG run as the REST API shows it: the values of conf keys named like secrets are <c>***</c> (the stored conf stays intact for the tasks).</summary>
internal sealed record ApiRun(
    string DagId, string RunId, string RunType, string State, DateTimeOffset LogicalDate, DateTimeOffset DataIntervalStart,
    DateTimeOffset DataIntervalEnd, JsonElement Conf, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string DagVersion)
{
    public static ApiRun Of(DagRun run)
    {
        using var conf = JsonDocument.Parse(new PiiMasker([]).MaskJson(run.ConfJson));
        return new(run.DagId, run.RunId, StateNames.Of(run.Type), StateNames.Of(run.State), run.LogicalDate, run.DataInterval.Start,
            run.DataInterval.End, conf.RootElement.Clone(), run.CreatedAt, run.StartedAt, run.EndedAt, run.DagVersion);
    }
}
