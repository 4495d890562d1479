using System.Text.Json;
using DataEngineer.Sdk;

namespace DataEngineer.Postgres.Metadata;

/// <summary>A dataset's columns and tracked values as the jsonb the datasets tables hold.</summary>
internal static class DatasetJson
{
    public static string Columns(IReadOnlyList<DatasetColumn> columns) =>
        JsonSerializer.Serialize(columns.Select(c => new Dictionary<string, string> { ["name"] = c.Name, ["type"] = c.Type }));

    public static IReadOnlyList<DatasetColumn> ReadColumns(string json) =>
        JsonSerializer.Deserialize<List<Dictionary<string, string>>>(json)!.Select(c => new DatasetColumn(c["name"], c["type"])).ToList();

    public static string Values(IReadOnlyDictionary<string, IReadOnlyList<string>> values) => JsonSerializer.Serialize(values);

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ReadValues(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, List<string>>>(json)!.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal);
}
