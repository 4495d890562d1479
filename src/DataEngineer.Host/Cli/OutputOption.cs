using System.CommandLine;

namespace DataEngineer.Host.Cli;

/// <summary>
/// The one output option of listing verbs: <c>-o table|json</c> (<c>--output</c>), table by default; any other value is a
/// usage error (exit 2). Verbs that had <c>--json</c> keep it as an alias of <c>-o json</c>.
/// </summary>
internal sealed class OutputOption
{
    private readonly Option<string> _output;
    private readonly Option<bool>? _json;

    private OutputOption(Option<string> output, Option<bool>? json)
    {
        _output = output;
        _json = json;
    }

    /// <summary>Adds the option (and the <c>--json</c> alias when <paramref name="jsonAlias"/>) to <paramref name="command"/>.</summary>
    public static OutputOption AddTo(Command command, bool jsonAlias = false)
    {
        var output = new Option<string>("--output", "-o") { Description = "table (default) or json.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        command.Options.Add(output);
        Option<bool>? json = null;
        if (jsonAlias)
        {
            json = new Option<bool>("--json") { Description = "The same as -o json." };
            command.Options.Add(json);
        }

        return new OutputOption(output, json);
    }

    public bool IsJson(ParseResult result) => result.GetValue(_output) == "json" || (_json is not null && result.GetValue(_json));
}
