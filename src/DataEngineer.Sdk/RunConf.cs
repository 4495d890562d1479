using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace DataEngineer.Sdk;

/// <summary>
/// A run's configuration: the JSON object given when the run was triggered, bound to the DAG's
/// params type (see <see cref="Dag{TParams}"/>) with its defaults and validation attributes.
/// </summary>
public sealed class RunConf
{
    private readonly object? _params;

    private RunConf(string json, object? parameters)
    {
        Json = json;
        _params = parameters;
    }

    /// <summary>The largest conf accepted, in bytes of UTF-8 JSON (1 MiB): large inputs belong in tables or files, named in the conf.</summary>
    public const int MaxJsonBytes = 1 << 20;

    /// <summary>An empty conf (<c>{}</c>) for a DAG without params.</summary>
    public static RunConf Empty { get; } = new("{}", null);

    /// <summary>The conf as given, a JSON object.</summary>
    public string Json { get; }

    /// <summary>
    /// Parses <paramref name="json"/> (null or blank means <c>{}</c>) and binds it to
    /// <paramref name="paramsType"/>: unknown keys, wrong types and failed
    /// <see cref="System.ComponentModel.DataAnnotations"/> attributes are errors.
    /// </summary>
    /// <exception cref="RunConfException">The conf is not a JSON object, is larger than <see cref="MaxJsonBytes"/>, holds a NUL character, or does not fit the params type.</exception>
    public static RunConf Parse(string? json, Type? paramsType)
    {
        var text = string.IsNullOrWhiteSpace(json) ? "{}" : json.Trim();
        var size = System.Text.Encoding.UTF8.GetByteCount(text);
        if (size > MaxJsonBytes)
        {
            throw new RunConfException(FormattableString.Invariant(
                $"The run conf is {size:N0} bytes; the limit is {MaxJsonBytes:N0} bytes (1 MiB). Put large inputs in a table or a file and pass its name in the conf."));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new RunConfException(
                $"The run conf is not valid JSON ({e.Message}). Pass a JSON object, for example --conf '{{\"region\": \"eu\"}}'.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new RunConfException(
                    $"The run conf must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}. " +
                    "Pass for example --conf '{\"region\": \"eu\"}'.");
            }

            if (NulAt(document.RootElement, "$") is { } path)
            {
                throw new RunConfException($"The run conf holds a NUL character (\\u0000) at {path}, which the metadata database cannot store. Remove it.");
            }

            if (paramsType is null)
            {
                return new RunConf(text, null);
            }

            return new RunConf(text, Bind(document.RootElement, paramsType));
        }
    }

    /// <summary>The run's params bound to the DAG's params type, or null for a DAG without one (for helpers that bind every param, like SQL tasks).</summary>
    public object? Bound => _params;

    /// <summary>The bound params; <typeparamref name="T"/> must be the DAG's params type.</summary>
    /// <exception cref="InvalidOperationException">The DAG declares no params of that type.</exception>
    public T Get<T>() where T : class =>
        _params as T ?? throw new InvalidOperationException(
            $"This run has no params of type {typeof(T).Name}. Declare the DAG as Dag<{typeof(T).Name}> to give its runs typed params.");

    private static object Bind(JsonElement conf, Type paramsType)
    {
        object? bound;
        try
        {
            bound = conf.Deserialize(paramsType, XComJson.Options);
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
            throw new RunConfException($"The run conf does not fit {paramsType.Name}{where}: {FirstSentence(e.Message)}");
        }

        if (bound is null)
        {
            throw new RunConfException($"The run conf could not be read as {paramsType.Name}.");
        }

        var results = new List<ValidationResult>();
        bool valid;
        try
        {
            valid = Validator.TryValidateObject(bound, new ValidationContext(bound), results, validateAllProperties: true);
        }
        catch (Exception e) when (e is OverflowException or InvalidCastException or FormatException)
        {
            // A value the type holds but an attribute cannot compare, e.g. 1e999 (infinity) against [Range(0, 100)].
            throw new RunConfException($"The run conf fails {paramsType.Name}'s validation: a value is outside what its checks can compare ({e.Message}). Give a value in the declared range.");
        }

        if (!valid)
        {
            var problems = string.Join("; ", results.Select(r => r.ErrorMessage));
            throw new RunConfException($"The run conf fails {paramsType.Name}'s validation: {problems}");
        }

        return bound;
    }

    private static string? NulAt(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return element.GetString()!.Contains('\0', StringComparison.Ordinal) ? path : null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (NulAt(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name.Contains('\0', StringComparison.Ordinal))
                    {
                        return path;
                    }

                    if (NulAt(property.Value, $"{path}.{property.Name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
