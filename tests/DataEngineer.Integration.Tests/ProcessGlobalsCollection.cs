using Xunit;

namespace DataEngineer.Integration.Tests;

/// <summary>
/// Test classes that use a global of this process, so they take turns:
/// <list type="bullet">
/// <item>Hangfire: an in-process engine host sets Hangfire's global log provider to its logger factory, which is disposed
/// with the host (<see cref="InProcessEngine.StopAsync"/> hands the global back), so one's Hangfire client must not log
/// through another's disposed host.</item>
/// <item>OpenTelemetry: a tracer provider listens to every activity source of the process, and an activity one provider
/// samples reaches every provider's exporter, so a test that counts spans must not see another test's.</item>
/// </list>
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessGlobalsCollection
{
    public const string Name = "Process globals";
}
