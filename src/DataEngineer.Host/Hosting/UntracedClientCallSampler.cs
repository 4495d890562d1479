using OpenTelemetry.Trace;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// The root sampler of the host's traces: a client call (a database command, an HTTP request) made outside any traced
/// operation is dropped, so the background polling of Hangfire, Quartz and the heartbeats makes no traces of its own;
/// every other root (a task try, a run, an incoming request) is kept. Used under a parent-based sampler, so the calls a
/// traced operation makes stay in its trace.
/// </summary>
internal sealed class UntracedClientCallSampler : Sampler
{
    public UntracedClientCallSampler() => Description = "UntracedClientCallSampler";

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        new(samplingParameters.Kind == System.Diagnostics.ActivityKind.Client ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
}
