namespace DataEngineer.Bench;

/// <summary>The parts of the benchmark a run can select; <see cref="All"/> runs every one in a single run.</summary>
[Flags]
public enum BenchScenario
{
    Handoff = 1,
    Throughput = 2,
    Hangfire = 4,
    CrossProcess = 8,
    Profile = 16,
    Loading = 32,
    Quality = 64,
    Ui = 128,
    Memory = 256,
    Catchup = 512,
    Logs = 1024,
    Scaling = 2048,
    Idle = 4096,
    All = Handoff | Throughput | Hangfire | CrossProcess | Profile | Loading | Quality | Ui | Memory | Catchup | Logs | Scaling | Idle,
}
