using System.CommandLine;
using DataEngineer.Host.Hosting;

namespace DataEngineer.Host.Cli;

/// <summary><c>db migrate</c>: brings the metadata schema up to date (every process also does this on start).</summary>
internal static class DbMigrateCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("migrate", "Create or upgrade the metadata database schema. Safe to run from several processes at once.");
        command.SetAction(async (_, ct) =>
        {
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            await env.Out.WriteLineAsync($"The metadata schema in {metadata.Description} is up to date.");
            return ExitCodes.Success;
        });
        return command;
    }
}
