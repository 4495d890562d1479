namespace DataEngineer.Host.Hosting.Health;

/// <summary>
/// The optional HTTP port of a scheduler or worker (no web role) for its probes, from <see cref="Settings.HealthOptions"/>
/// (<c>DataEngineer:Health:Port</c> and <c>:ListenAddress</c>). It serves <c>/health/live</c> and <c>/health/ready</c>
/// only, status without detail.
/// </summary>
internal sealed record HealthProbe(string Address, int Port)
{
    public string Url => $"http://{Address}:{Port}";
}
