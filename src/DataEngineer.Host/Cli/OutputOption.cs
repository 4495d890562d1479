using System.CommandLine;

namespace DataEngineer.Host.Cli;

/// <summary>The one <c>-o table|json</c> (<c>--output</c>) option of listing verbs; any other value is a usage error (exit 2).</summary>
internal static class OutputOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--output", "-o") { Description = "table (default) or json.", DefaultValueFactory = _ => "table" };
        option.AcceptOnlyFromAmong("table", "json");
        return option;
    }

    public static OutputFormat Read(ParseResult result, Option<string> option) =>
        result.GetValue(option) == "json" ? OutputFormat.Json : OutputFormat.Table;
}
