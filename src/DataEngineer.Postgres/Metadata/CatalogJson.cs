using System.Text.Json;
using System.Text.Json.Serialization;
using DataEngineer.Sdk;

namespace DataEngineer.Postgres.Metadata;

/// <summary>A catalog entry's lists and retention policy as the jsonb the dataset_catalog table holds.</summary>
internal static class CatalogJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static IReadOnlyList<string> ReadTexts(string json) => JsonSerializer.Deserialize<List<string>>(json, Options)!;

    public static IReadOnlyList<DatasetColumnSpec> ReadColumns(string json) => JsonSerializer.Deserialize<List<DatasetColumnSpec>>(json, Options)!;

    public static RetentionPolicy? ReadRetention(string? json) => json is null ? null : JsonSerializer.Deserialize<RetentionPolicy>(json, Options);
}
