using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataEngineer.Core.Operations;
using DataEngineer.Host.Hosting;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>pools list [-o table|json]</c> (slots, queued, running, free) and <c>pools set &lt;name&gt; &lt;slots&gt;</c>, through
/// <see cref="PoolOperations"/> (audited as <c>cli:&lt;OS user&gt;</c>).
/// </summary>
internal static class PoolsCommands
{
    public static Command Create(CliEnvironment env) => new("pools", "Pools: how many tries of their tasks may be queued or running at once.")
    {
        List(env),
        Set(env),
    };

    private static Command List(CliEnvironment env)
    {
        var command = new Command("list", "List pools with their slots and use: queued, running, free.");
        var output = OutputOption.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var pools = await new PoolOperations(metadata.Store, metadata.Store, metadata.Store, TimeProvider.System).ListAsync(Actor.Cli(), ct);
            if (output.IsJson(result))
            {
                await env.Out.WriteLineAsync(JsonSerializer.Serialize(
                    pools.Select(p => new { name = p.Name, slots = p.Slots, queued = p.Queued, running = p.Running, free = Math.Max(0, p.Slots - p.Used) }), CliJson.Options));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("pool", "slots", "queued", "running", "free");
            foreach (var p in pools)
            {
                table.AddRow(Markup.Escape(p.Name), Number(p.Slots), Number(p.Queued), Number(p.Running), Number(Math.Max(0, p.Slots - p.Used)));
            }

            CliConsole.For(env).Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Set(CliEnvironment env)
    {
        var name = new Argument<string>("name") { Description = "The pool (created if it does not exist)." };
        var slots = new Argument<int>("slots") { Description = $"Tries of its tasks that may be queued or running at once (0 to {PoolOperations.MaxSlots})." };
        var command = new Command("set", "Create a pool or change its slots. A scheduler resets pools named in DataEngineer:Pools:<name> to that setting when it starts.") { name, slots };
        command.SetAction(async (result, ct) =>
        {
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var pool = await new PoolOperations(metadata.Store, metadata.Store, metadata.Store, TimeProvider.System).SetAsync(Actor.Cli(), result.GetValue(name)!, result.GetValue(slots), ct);
            await env.Out.WriteLineAsync($"Pool {pool.Name} has {pool.Slots} slots.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
