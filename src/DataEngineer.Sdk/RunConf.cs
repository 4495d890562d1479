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

    /// <summary>An empty conf (<c>{}</c>) for a DAG without params.</summary>
    public static RunConf Empty { get; } = new("{}", null);

    /// <summary>The conf as given, a JSON object.</summary>
    public string Json { get; }

    /// <summary>
    /// Parses <paramref name="json"/> (null or blank means <c>{}</c>) and binds it to
    /// <paramref name="paramsType"/>: unknown keys, wrong types and failed
    /// <see cref="System.ComponentModel.DataAnnotations"/> attributes are errors.
    /// </summary>
    /// <exception cref="RunConfException">The conf is not a JSON object or does not fit the params type.</exception>
    public static RunConf Parse(string? json, Type? paramsType)
    {
        var text = string.IsNullOrWhiteSpace(json) ? "{}" : json.Trim();
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
        if (!Validator.TryValidateObject(bound, new ValidationContext(bound), results, validateAllProperties: true))
        {
            var problems = string.Join("; ", results.Select(r => r.ErrorMessage));
            throw new RunConfException($"The run conf fails {paramsType.Name}'s validation: {problems}");
        }

        return bound;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
