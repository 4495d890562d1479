using System.CommandLine;
using System.Text.Json;
using DataEngineer.Execution.Hosting;
using DataEngineer.Host.Hosting;
using DataEngineer.Postgres.Metadata;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>db check-migrations [--wait SECONDS] [-o table|json]</c>: lists the migrations, applied or pending, and Hangfire's
/// and Quartz's schemas, and exits 0
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
            var stores = await JobStoreSchemas.ReadAsync(metadata.DataSource, ct);
            // Only pending migrations can resolve themselves (someone runs db migrate); a newer or changed schema cannot.
            while (Waitable(status, stores) && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(Poll, ct);
                status = await SchemaStatus.ReadAsync(metadata.DataSource, ct: ct);
                stores = await JobStoreSchemas.ReadAsync(metadata.DataSource, ct);
            }

            await PrintAsync(env, status, stores, output.IsJson(result));
            if ((status.Problem(metadata.Description) ?? JobStoreSchemas.Problem(stores, metadata.Description)) is { } problem)
            {
                await env.Error.WriteLineAsync(problem);
                return ExitCodes.RunFailed;
            }

            await env.Error.WriteLineAsync($"The metadata schema in {metadata.Description} is up to date.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static bool Waitable(SchemaStatus status, IReadOnlyList<JobStoreSchema> stores)
    {
        var states = status.Entries.Select(e => e.State).Concat(stores.Select(s => s.State)).ToList();
        return states.All(s => s is SchemaMigrationState.Applied or SchemaMigrationState.Pending) && states.Contains(SchemaMigrationState.Pending);
    }

    private static async Task PrintAsync(CliEnvironment env, SchemaStatus status, IReadOnlyList<JobStoreSchema> stores, bool json)
    {
        if (json)
        {
            await env.Out.WriteLineAsync(JsonSerializer.Serialize(new
            {
                up_to_date = status.IsCurrent && stores.All(s => s.State == SchemaMigrationState.Applied),
                migrations = status.Entries.Select(e => new { version = e.Version, name = e.Name, state = e.State.ToString().ToLowerInvariant(), applied_at = e.AppliedAt?.ToString("O") }),
                job_stores = stores.Select(s => new { library = s.Library.ToLowerInvariant(), schema = s.Schema, state = s.State.ToString().ToLowerInvariant(), detail = s.Detail }),
            }, CliJson.Options));
            return;
        }

        var table = new Table().AddColumns("migration", "state", "applied at");
        foreach (var entry in status.Entries)
        {
            table.AddRow(Markup.Escape(entry.Label), entry.State.ToString().ToLowerInvariant(), $"{entry.AppliedAt:yyyy-MM-dd HH:mm:ss}");
        }

        // Hangfire's and Quartz's schemas, installed by db migrate beside the migrations: what was found stands in the last column.
        foreach (var store in stores)
        {
            table.AddRow(Markup.Escape(store.Label), store.State.ToString().ToLowerInvariant(), Markup.Escape(store.Detail));
        }

        CliConsole.For(env).Write(table);
    }
}
