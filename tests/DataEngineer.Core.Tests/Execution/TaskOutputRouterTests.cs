using DataEngineer.Core.Execution;
using DataEngineer.Core.Tests.Fixtures;
using Xunit;

namespace DataEngineer.Core.Tests.Execution;

/// <summary>The router in front of the console never deadlocks with a writer of the console it replaced.</summary>
public class TaskOutputRouterTests
{
    [Fact]
    public async Task TheReplacedWriter_AndTheRouter_WritingAtOnce_BothFinish()
    {
        // The engine host keeps the console writer from before the router (its start lines) while the console logger
        // writes through the router: one holds the replaced writer's lock and then needs the console's, the other holds
        // the console's (Console.Out's wrapper) and must not need the replaced writer's.
        var replaced = OriginalConsole.Out;
        TaskOutputRouter.Install();
        Assert.NotSame(replaced, Console.Out);
        using var routerHeld = new SemaphoreSlim(0);
        using var replacedHeld = new SemaphoreSlim(0);

        var router = Task.Run(() =>
        {
            lock (Console.Out)
            {
                routerHeld.Release();
                replacedHeld.Wait();
                Console.Out.Write("");
            }
        });
        var host = Task.Run(() =>
        {
            lock (replaced)
            {
                replacedHeld.Release();
                routerHeld.Wait();
                replaced.Write(Environment.NewLine);
            }
        });

        // Deadlocked, neither would ever finish; the wait is only as long as a loaded machine may need.
        await Task.WhenAll(router, host).WaitAsync(TimeSpan.FromSeconds(60));
    }
}
