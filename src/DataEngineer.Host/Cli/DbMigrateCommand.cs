using System.CommandLine;
using DataEngineer.Host.Hosting;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>db migrate</c>: brings the metadata schema up to date. The only verb that changes the schema (standalone on its
/// own managed cluster aside): every other process refuses to start until it has run.
/// </summary>
internal static class DbMigrateCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("migrate", "Create or upgrade the metadata database schema (the only verb that does). Safe to run from several processes at once.");
        command.SetAction(async (_, ct) =>
        {
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, SchemaAccess.Migrate, ct);
            foreach (var migration in metadata.Applied)
            {
                await env.Out.WriteLineAsync($"Applied {migration.Label}.");
            }

            foreach (var schema in metadata.Installed)
            {
                await env.Out.WriteLineAsync($"Installed {schema.Label}.");
            }

            await env.Out.WriteLineAsync($"The metadata schema in {metadata.Description} is up to date.");
            return ExitCodes.Success;
        });
        return command;
    }
}
