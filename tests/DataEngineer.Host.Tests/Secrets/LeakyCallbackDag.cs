using System.Collections.Concurrent;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Host.Tests.Secrets;

/// <summary>
/// For <c>dags test</c> through the worker's try pipeline: a task that logs a password, then fails quoting it, with an
/// on-failure callback that writes down the error it was given, and an alert on failure.
/// </summary>
public sealed class LeakyCallbackDag() : Dag(DagId, new DagOptions
{
    Alerts = new AlertOptions { Recipients = ["oncall@example.com"], On = AlertEvents.Failure },
})
{
    public const string DagId = "cli_leaky_callback";
    public const string Password = "hunter2-Qx81";

    /// <summary>The errors the on-failure callback was called with.</summary>
    public static ConcurrentQueue<string?> FailureCallbacks { get; } = new();

    protected override void Define(DagBuilder dag) =>
        dag.Task("login", ctx =>
        {
            ctx.Logger.LogInformation("Connecting with {Password}", Password);
            throw new InvalidOperationException($"login refused for password {Password}");
        }, new TaskOptions
        {
            Retries = 0,
            OnFailure = context =>
            {
                FailureCallbacks.Enqueue(context.Error);
                return Task.CompletedTask;
            },
        });
}
