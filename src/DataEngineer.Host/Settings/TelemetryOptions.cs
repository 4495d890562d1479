namespace DataEngineer.Host.Settings;

/// <summary>Telemetry settings under <c>DataEngineer:Telemetry</c>: <c>Console</c> also writes traces and metrics to the console (debugging).</summary>
internal sealed class TelemetryOptions
{
    public const string Section = "DataEngineer:Telemetry";

    [Setting("set true or false.")]
    public bool Console { get; set; }
}
