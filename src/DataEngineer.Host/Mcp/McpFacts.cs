using System.Security.Claims;
using System.Text.Json;
using DataEngineer.Core.Alerts;
using DataEngineer.Core.Connections;
using DataEngineer.Core.Governance;
using DataEngineer.Core.Operations;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using ModelContextProtocol;

namespace DataEngineer.Host.Mcp;

/// <summary>
/// What the MCP tools read, and how every answer leaves: serialized compactly (snake_case, nulls left out) and masked
/// once more as a whole (PII columns the catalog declares, every secret of the process, URI passwords), so a value the
/// UI masks is masked here too, whichever tool shows it.
/// </summary>
internal sealed class McpFacts(IRunQueries queries, IDagStore dagStore, IDagCodeStore code, ITaskLogStore logs, IDataQualityStore quality, IDatasetCatalogStore catalog,
    IAlertStore alerts, ConnectionRegistry connections, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public IRunQueries Queries => queries;

    public IDagStore DagStore => dagStore;

    public IDagCodeStore Code => code;

    public ITaskLogStore Logs => logs;

    public IDataQualityStore Quality => quality;

    public IDatasetCatalogStore Catalog => catalog;

    public IAlertStore Alerts => alerts;

    public ConnectionRegistry Connections => connections;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The masker for what the loaded DAGs declare as PII, read from the catalog (no DAG is loaded here).</summary>
    public async Task<PiiMasker> MaskerAsync(CancellationToken ct)
    {
        var datasets = (await catalog.ListCatalogEntriesAsync(ct)).Select(e => new Dataset(e.Name) { Columns = e.Columns }).ToList();
        var declared = PiiColumns.Of(datasets);
        return new PiiMasker(declared.All, declared);
    }

    /// <summary>The answer as compact JSON, masked as a whole.</summary>
    public async Task<string> ReplyAsync(object answer, CancellationToken ct) => (await MaskerAsync(ct)).MaskText(JsonSerializer.Serialize(answer, Json));

    /// <summary>A role for the caller: the API key's over HTTP; viewer over stdio (the person running the process).</summary>
    public static Role RoleOf(ClaimsPrincipal? user) => user is null ? Role.Viewer : Roles.Of(user) ?? Role.Viewer;

    /// <summary>A JSON value stored as text, embedded as JSON (so masking and the client see fields, not an escaped string).</summary>
    public static JsonElement? Parsed(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(json);
        }
    }

    /// <summary>A bad argument: the tool's error result names it and says how to fix it.</summary>
    public static McpException BadArgument(string argument, string problem) => new($"argument '{argument}': {problem}");

    /// <summary>A required text argument, trimmed.</summary>
    public static string Required(string? value, string argument, string example) =>
        string.IsNullOrWhiteSpace(value) ? throw BadArgument(argument, $"it is required, e.g. {example}.") : value.Trim();

    /// <summary>A count argument within 1..<paramref name="max"/>, or its default.</summary>
    public static int Limit(int? value, string argument, int fallback, int max) => value switch
    {
        null => fallback,
        < 1 => throw BadArgument(argument, $"{value} is below 1; give 1 to {max}."),
        _ when value > max => throw BadArgument(argument, $"{value} is above the cap of {max}; give 1 to {max}."),
        _ => value.Value,
    };

    /// <summary>At most <paramref name="max"/> items, and a note saying what was left out and how to see more.</summary>
    public static (IReadOnlyList<T> Items, string? Note) Cap<T>(IReadOnlyList<T> items, int max, string what, string more) =>
        items.Count <= max ? (items, null) : ([.. items.Take(max)], $"capped: {items.Count - max} more {what} not shown (at most {max}); {more}");

    /// <summary>Text cut at <paramref name="max"/> characters, saying so.</summary>
    public static string CapText(string text, int max) => text.Length <= max ? text : text[..max] + $" ... (capped: {text.Length - max} more characters)";

    public static string? Time(DateTimeOffset? at) => at?.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
