using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>
/// For the deadline tests: manual only, due one second after its data interval ends, with a sensor that waits (without a
/// slot) until <see cref="ReleaseFile"/> exists, so a run is still going when its deadline passes.
/// </summary>
public sealed class UiDeadlineDag() : Dag("ui_deadline", new DagOptions
{
    Description = "Misses its deadline",
    Deadline = TimeSpan.FromSeconds(1),
    Alerts = new AlertOptions { Recipients = ["oncall@example.com"] },
})
{
    /// <summary>The file whose arrival lets the run finish.</summary>
    public static string ReleaseFile => Path.Combine(Path.GetTempPath(), "dataengineer-ui-deadline", "release.flag");

    protected override void Define(DagBuilder dag) =>
        dag.Sensor("wait_for_release", Sensors.FileExists(Path.GetDirectoryName(ReleaseFile)!, Path.GetFileName(ReleaseFile)),
            new SensorOptions { PokeInterval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMinutes(10) });
}
