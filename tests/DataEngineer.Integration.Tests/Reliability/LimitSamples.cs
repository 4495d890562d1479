namespace DataEngineer.Integration.Tests.Reliability;

/// <summary>What the limits property test's poller saw: how often it looked, the most running at once, and every excess.</summary>
public sealed class LimitSamples
{
    public int Count { get; set; }

    /// <summary>The most running tries seen at once, per DAG id or pool name.</summary>
    public Dictionary<string, int> Most { get; } = [];

    public List<string> Violations { get; } = [];

    public void Observe(string what, int running, int limit, DateTimeOffset at, string source)
    {
        Most[what] = Math.Max(Most.GetValueOrDefault(what), running);
        if (running > limit)
        {
            Violations.Add($"{at:HH:mm:ss.fff} {what}: {running} {source}, the limit is {limit}");
        }
    }
}
