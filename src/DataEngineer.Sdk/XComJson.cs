using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataEngineer.Sdk;

/// <summary>
/// How XCom values are stored: JSON with web defaults (camelCase), strict about members a type
/// does not have, so a value written as one type and read as another fails loudly.
/// </summary>
public static class XComJson
{
    /// <summary>The serializer options for XCom values and run conf.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Serializes a task's value for storage.</summary>
    public static string Write(object? value, Type? type) =>
        JsonSerializer.Serialize(value, type ?? value?.GetType() ?? typeof(object), Options);

    /// <summary>
    /// Reads a stored value as <paramref name="type"/> for task <paramref name="readerTaskId"/>.
    /// </summary>
    /// <exception cref="XComTypeMismatchException">The JSON does not fit the type; the message names both tasks.</exception>
    public static object? Read(string json, Type type, string writerTaskId, string readerTaskId)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type, Options);
        }
        catch (JsonException e)
        {
            throw new XComTypeMismatchException(
                $"XCom type mismatch: task '{readerTaskId}' reads the value of '{writerTaskId}' as {TypeName(type)}, " +
                $"but the stored value does not fit that type ({e.Message}). Make both tasks agree on the type, " +
                $"or clear '{writerTaskId}' so it stores a value of the new type.",
                e);
        }
    }

    private static string TypeName(Type type) =>
        type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
            : type.Name;
}
