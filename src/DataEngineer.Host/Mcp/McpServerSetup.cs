using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DataEngineer.Host.Mcp;

/// <summary>
/// The MCP server's tools and resources, the same over stdio (<c>dataengineer mcp</c>) and streamable HTTP (<c>/mcp</c>
/// on the web role). Every tool only reads: there is no tool that changes state. Arguments are checked against each
/// tool's schema before it runs, so a wrong name or type is an error result naming the argument, never a crash.
/// </summary>
internal static class McpServerSetup
{
    public static IMcpServerBuilder AddDataEngineerTools(this IMcpServerBuilder builder) => builder
        .WithTools<DagTools>()
        .WithTools<RunTools>()
        .WithTools<DatasetTools>()
        .WithTools<AlertTools>()
        .WithResources<DataEngineerResources>()
        .WithRequestFilters(filters => filters.AddCallToolFilter(next => async (request, ct) =>
            ArgumentProblem(request) is { } problem
                ? new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = $"An error occurred invoking '{request.Params?.Name}': {problem}" }] }
                : await next(request, ct)));

    /// <summary>The first argument the tool does not take or whose JSON type its schema does not allow; null when all fit.</summary>
    public static string? ArgumentProblem(RequestContext<CallToolRequestParams> request)
    {
        if (request.MatchedPrimitive is not McpServerTool tool || request.Params?.Arguments is not { } arguments
            || !tool.ProtocolTool.InputSchema.TryGetProperty("properties", out var properties))
        {
            return null;
        }

        foreach (var (name, value) in arguments)
        {
            if (!properties.TryGetProperty(name, out var schema))
            {
                var known = string.Join(", ", properties.EnumerateObject().Select(p => p.Name));
                return $"argument '{name}': {tool.ProtocolTool.Name} takes no such argument; it takes {(known.Length == 0 ? "none" : known)}.";
            }

            var allowed = Types(schema);
            if (allowed.Count > 0 && !allowed.Contains(TypeOf(value)) && !(TypeOf(value) == "integer" && allowed.Contains("number")))
            {
                return $"argument '{name}': expected {string.Join(" or ", allowed.Where(t => t != "null"))}, got {TypeOf(value)} ({Shorten(value.GetRawText())}).";
            }
        }

        return null;
    }

    private static HashSet<string> Types(JsonElement schema) => !schema.TryGetProperty("type", out var type)
        ? []
        : type.ValueKind == JsonValueKind.String ? [type.GetString()!] : [.. type.EnumerateArray().Select(t => t.GetString()!)];

    private static string TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
