using System.CommandLine;
using System.Text.Json;
using DataEngineer.Host.Hosting;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary><c>watermarks list &lt;dag_id&gt; [-o table|json]</c>: the high-water marks of a DAG's incremental extracts.</summary>
internal static class WatermarksListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG." };
        var command = new Command("list", "List a DAG's high-water marks.") { dagId };
        var output = OutputOption.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var id = result.GetValue(dagId)!;
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            await WatermarksResetCommand.EnsureDagAsync(env, metadata, id, ct);
            var marks = await metadata.Store.ListWatermarksAsync(id, ct);
            if (output.IsJson(result))
            {
                await env.Out.WriteLineAsync(JsonSerializer.Serialize(marks.Select(m => new
                {
                    task_id = m.TaskId,
                    source = m.Source,
                    mark = m.Value,
                    run_id = m.RunId,
                    updated_at = m.UpdatedAt.ToString("O"),
                }), CliJson.Options));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("task", "source", "mark", "advanced by", "at");
            foreach (var m in marks)
            {
                table.AddRow(Markup.Escape(m.TaskId), Markup.Escape(m.Source), Markup.Escape(m.Value), Markup.Escape(m.RunId), $"{m.UpdatedAt:yyyy-MM-dd HH:mm:ss}");
            }

            CliConsole.For(env).Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
