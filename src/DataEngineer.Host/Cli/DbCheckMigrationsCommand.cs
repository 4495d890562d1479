using System.CommandLine;
using System.Text.Json;
using DataEngineer.Host.Hosting;
using DataEngineer.Postgres.Metadata;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>db check-migrations [--wait SECONDS] [-o table|json]</c>: lists the migrations, applied or pending, and exits 0
/// when the schema is this binary's, 1 when not (for an init container or a deploy pipeline). Changes nothing.
/// </summary>
internal static class DbCheckMigrationsCommand
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    public static Command Create(CliEnvironment env)
    {
        var wait = new Option<int>("--wait") { Description = "Wait up to this many seconds for pending migrations to be applied (default 0: check once).", DefaultValueFactory = _ => 0 };
        var command = new Command("check-migrations", "List applied and pending migrations; exit 0 if the schema is up to date for this binary, else 1. Changes nothing.") { wait };
        var output = OutputOption.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var seconds = result.GetValue(wait);
            if (seconds is < 0 or > 86_400)
            {
                throw new CliError($"--wait {seconds}: give a number of seconds between 0 and 86400.");
            }

            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, SchemaAccess.AsIs, ct);
            var deadline = DateTimeOffset.UtcNow.AddSeconds(seconds);
            var status = await SchemaStatus.ReadAsync(metadata.DataSource, ct: ct);
            // Only pending migrations can resolve themselves (someone runs db migrate); a newer or changed schema cannot.
            while (status.Entries.All(e => e.State is SchemaMigrationState.Applied or SchemaMigrationState.Pending) && !status.IsCurrent && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(Poll, ct);
                status = await SchemaStatus.ReadAsync(metadata.DataSource, ct: ct);
            }

            await PrintAsync(env, status, output.IsJson(result));
            if (status.Problem(metadata.Description) is { } problem)
            {
                await env.Error.WriteLineAsync(problem);
                return ExitCodes.RunFailed;
            }

            await env.Error.WriteLineAsync($"The metadata schema in {metadata.Description} is up to date.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task PrintAsync(CliEnvironment env, SchemaStatus status, bool json)
    {
        if (json)
        {
            await env.Out.WriteLineAsync(JsonSerializer.Serialize(new
            {
                up_to_date = status.IsCurrent,
                migrations = status.Entries.Select(e => new { version = e.Version, name = e.Name, state = e.State.ToString().ToLowerInvariant(), applied_at = e.AppliedAt?.ToString("O") }),
            }, CliJson.Options));
            return;
        }

        var table = new Table().AddColumns("migration", "state", "applied at");
        foreach (var entry in status.Entries)
        {
            table.AddRow(Markup.Escape(entry.Label), entry.State.ToString().ToLowerInvariant(), $"{entry.AppliedAt:yyyy-MM-dd HH:mm:ss}");
        }

        CliConsole.For(env).Write(table);
    }
}
