using Xunit;

namespace DataEngineer.Ui.Tests.Loop;

/// <summary>
/// A real standalone host whose DAGs folder holds <see cref="OnCallLoopDag"/>, alerting the test's
/// <see cref="AlertReceiver"/> through a webhook channel, and the flag files the loop's task waits for.
/// </summary>
public sealed class OnCallLoopHost : IAsyncLifetime
{
    private readonly string _flags = Path.Combine(Path.GetTempPath(), "dataengineer-loop-" + Guid.NewGuid().ToString("N"));

    public AlertReceiver Receiver { get; private set; } = null!;

    public HostUnderTest Host { get; private set; } = null!;

    /// <summary>Once this file exists, the running try of <c>load</c> stops waiting (and fails unless <see cref="FixFile"/> exists).</summary>
    public string ReleaseFile => Path.Combine(_flags, "release");

    /// <summary>Once this file exists, every try of <c>load</c> succeeds.</summary>
    public string FixFile => Path.Combine(_flags, "fixed");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_flags);
        Receiver = await AlertReceiver.StartAsync();
        Host = new HostUnderTest
        {
            DagFiles = new Dictionary<string, string> { [OnCallLoopDag.FileName] = OnCallLoopDag.Source(ReleaseFile, FixFile) },
            ExtraEnvironment = new Dictionary<string, string>
            {
                [$"DataEngineer__Alerts__Channels__{OnCallLoopDag.Channel}__Type"] = "webhook",
                [$"DataEngineer__Alerts__Channels__{OnCallLoopDag.Channel}__Url"] = Receiver.Url.ToString(),
            },
        };
        await Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Receiver.DisposeAsync();
        Directory.Delete(_flags, recursive: true);
    }
}
