using DataEngineer.Sdk;

namespace DataEngineer.Integration.Tests.Waiting;

/// <summary>
/// A file sensor (poking every second, first when slots are scarce) beside an ordinary task, and a task after the sensor:
/// with one worker slot the ordinary task can only run while the sensor has given its slot back.
/// </summary>
public sealed class FileSensorDag(string id, string directory, TimeSpan timeout) : Dag(id)
{
    protected override void Define(DagBuilder dag)
    {
        var arrived = dag.Sensor("wait_for_orders", Sensors.FileExists(directory, "**/orders_*.csv"),
            new SensorOptions { PokeInterval = TimeSpan.FromSeconds(1), Timeout = timeout },
            new TaskOptions { PriorityWeight = 10, Retries = 2 });
        dag.Task("meanwhile", _ => { });
        dag.Task("load", _ => { }).After(arrived);
    }
}
