using System.Text.Encodings.Web;
using System.Text.Json;

namespace DataEngineer.Host.Cli;

/// <summary>JSON output settings for --json: snake_case names given explicitly, readable non-ASCII.</summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
