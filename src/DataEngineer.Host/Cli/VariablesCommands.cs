using System.CommandLine;
using System.Text.Json;
using DataEngineer.Host.Hosting;
using DataEngineer.Core.Operations;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>variables list | get | set | delete</c> against the metadata database, through <see cref="VariableOperations"/>
/// (audited as <c>cli:&lt;OS user&gt;</c>). Whoever runs the CLI holds the metadata database's credentials, so acts as an admin.
/// </summary>
internal static class VariablesCommands
{
    public static Command Create(CliEnvironment env) => new("variables", "Variables tasks read at run time: list, get, set and delete them.")
    {
        List(env),
        Get(env),
        Set(env),
        Delete(env),
    };

    private static Command List(CliEnvironment env)
    {
        var command = new Command("list", "List variables (secret values are shown as ***).");
        var output = OutputOption.AddTo(command);
        command.SetAction(async (result, ct) => await WithVariablesAsync(env, async (variables, actor) =>
        {
            var listed = await variables.ListAsync(actor, ct);
            if (output.IsJson(result))
            {
                await env.Out.WriteLineAsync(JsonSerializer.Serialize(listed.Select(v => new
                {
                    key = v.Key,
                    value = v.Value,
                    secret = v.IsSecret,
                    description = v.Description,
                    updated_at = v.UpdatedAt.ToString("O"),
                    updated_by = v.UpdatedBy,
                }), CliJson.Options));
                return;
            }

            var table = new Table().AddColumns("key", "value", "secret", "description", "updated", "by");
            foreach (var v in listed)
            {
                table.AddRow(Markup.Escape(v.Key), Markup.Escape(v.Value), v.IsSecret ? "yes" : "no", Markup.Escape(v.Description),
                    $"{v.UpdatedAt:yyyy-MM-dd HH:mm:ss}", Markup.Escape(v.UpdatedBy));
            }

            CliConsole.For(env).Write(table);
        }, ct));
        return command;
    }

    private static Command Get(CliEnvironment env)
    {
        var key = new Argument<string>("key") { Description = "The variable's key." };
        var command = new Command("get", "Print a variable's value (a secret one decrypted).") { key };
        command.SetAction(async (result, ct) => await WithVariablesAsync(env, async (variables, actor) =>
            await env.Out.WriteLineAsync(await variables.GetPlainValueAsync(actor, result.GetValue(key)!, ct)), ct));
        return command;
    }

    private static Command Set(CliEnvironment env)
    {
        var key = new Argument<string>("key") { Description = "The variable's key: letters, digits, '_', '-' and '.'." };
        var value = new Argument<string>("value") { Description = "The value (JSON for typed reads, e.g. 42 or {\"a\": 1})." };
        var secret = new Option<bool>("--secret") { Description = "Encrypt the value and mask it in logs and views." };
        var description = new Option<string?>("--description") { Description = "What the variable is for." };
        var command = new Command("set", "Create or replace a variable.") { key, value, secret, description };
        command.SetAction(async (result, ct) => await WithVariablesAsync(env, async (variables, actor) =>
        {
            var set = await variables.SetAsync(actor, result.GetValue(key)!, result.GetValue(value), result.GetValue(secret), result.GetValue(description), ct);
            await env.Out.WriteLineAsync($"Set variable {set.Key}{(set.IsSecret ? " (secret)" : "")}.");
        }, ct));
        return command;
    }

    private static Command Delete(CliEnvironment env)
    {
        var key = new Argument<string>("key") { Description = "The variable's key." };
        var command = new Command("delete", "Delete a variable.") { key };
        command.SetAction(async (result, ct) => await WithVariablesAsync(env, async (variables, actor) =>
        {
            await variables.DeleteAsync(actor, result.GetValue(key)!, ct);
            await env.Out.WriteLineAsync($"Deleted variable {result.GetValue(key)}.");
        }, ct));
        return command;
    }

    private static async Task<int> WithVariablesAsync(CliEnvironment env, Func<VariableOperations, Actor, Task> act, CancellationToken ct)
    {
        await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
        await using var services = EngineDataProtection.CreateServices(metadata.DataSource);
        var cipher = new VariableProtection(services.GetRequiredService<IDataProtectionProvider>());
        var variables = new VariableOperations(metadata.Store, metadata.Store, cipher, TimeProvider.System);
        await act(variables, Actor.Cli());
        return ExitCodes.Success;
    }
}
