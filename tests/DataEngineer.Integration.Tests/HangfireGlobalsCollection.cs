using Xunit;

namespace DataEngineer.Integration.Tests;

/// <summary>
/// Test classes that use Hangfire in this process: an in-process engine host sets Hangfire's global log provider to
/// its logger factory, which is disposed with the host, so they take turns (and <see cref="InProcessEngine.StopAsync"/>
/// hands the global back) instead of one's Hangfire client logging through another's disposed host.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HangfireGlobalsCollection
{
    public const string Name = "Hangfire globals";
}
