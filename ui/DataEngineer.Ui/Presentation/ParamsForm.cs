using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataEngineer.Sdk;

namespace DataEngineer.Ui.Presentation;

/// <summary>
/// The trigger form of a DAG with typed params: one field per public property, with the params
/// type's defaults, and the values turned back into run conf JSON, which <see cref="RunConf.Parse"/>
/// validates with the same rules as the CLI and the API.
/// </summary>
public static class ParamsForm
{
    public static IReadOnlyList<ParamField> Fields(Type? paramsType)
    {
        if (paramsType is null)
        {
            return [];
        }

        var defaults = TryCreate(paramsType);
        var naming = XComJson.Options.PropertyNamingPolicy;
        return paramsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
            .Select(p =>
            {
                var type = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
                var range = p.GetCustomAttribute<RangeAttribute>();
                var value = defaults is null ? null : p.GetValue(defaults);
                var kind = Kind(type);
                return new ParamField
                {
                    Key = naming?.ConvertName(p.Name) ?? p.Name,
                    Label = p.GetCustomAttribute<DisplayAttribute>()?.Name ?? p.Name,
                    Kind = kind,
                    Description = p.GetCustomAttribute<DescriptionAttribute>()?.Description ?? p.GetCustomAttribute<DisplayAttribute>()?.Description,
                    Required = p.GetCustomAttribute<RequiredAttribute>() is not null,
                    Minimum = range is null ? null : Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture),
                    Maximum = range is null ? null : Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture),
                    Choices = type.IsEnum ? Enum.GetNames(type) : [],
                    ChoiceValues = type.IsEnum ? Enum.GetValues(type).Cast<object>().Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToList() : [],
                    Default = Show(value, kind),
                };
            })
            .ToList();
    }

    /// <summary>The run conf for the form's values; blank values are left out so the params type's defaults apply.</summary>
    /// <exception cref="RunConfException">A value is not of its field's kind, or the conf does not fit the params type.</exception>
    public static string ToConf(IReadOnlyList<ParamField> fields, IReadOnlyDictionary<string, string?> values, Type? paramsType)
    {
        var conf = new JsonObject();
        foreach (var field in fields)
        {
            if (values.TryGetValue(field.Key, out var text) && !string.IsNullOrWhiteSpace(text))
            {
                conf[field.Key] = Parse(field, text.Trim());
            }
        }

        var json = conf.ToJsonString();
        RunConf.Parse(json, paramsType);
        return json;
    }

    private static JsonNode? Parse(ParamField field, string text)
    {
        switch (field.Kind)
        {
            case ParamKind.Integer when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer):
                return JsonValue.Create(integer);
            case ParamKind.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return JsonValue.Create(number);
            case ParamKind.Boolean when bool.TryParse(text, out var flag):
                return JsonValue.Create(flag);
            case ParamKind.Choice when field.Choices.ToList().IndexOf(text) is var index and >= 0:
                return JsonValue.Create(field.ChoiceValues[index]);
            case ParamKind.Text:
                return JsonValue.Create(text);
            case ParamKind.Json:
                try
                {
                    return JsonNode.Parse(text);
                }
                catch (JsonException e)
                {
                    throw new RunConfException($"{field.Label}: not valid JSON ({e.Message}).");
                }

            default:
                throw new RunConfException($"{field.Label}: '{text}' is not {Expected(field)}.");
        }
    }

    private static string Expected(ParamField field) => field.Kind switch
    {
        ParamKind.Boolean => "true or false",
        ParamKind.Integer => "an integer",
        ParamKind.Choice => $"one of {string.Join(", ", field.Choices)}",
        _ => "a number",
    };

    private static ParamKind Kind(Type type) =>
        type == typeof(string) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(Guid) ? ParamKind.Text
        : type == typeof(bool) ? ParamKind.Boolean
        : type.IsEnum ? ParamKind.Choice
        : type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) ? ParamKind.Integer
        : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? ParamKind.Number
        : ParamKind.Json;

    private static string? Show(object? value, ParamKind kind) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        IFormattable f when kind is not ParamKind.Json => f.ToString(null, CultureInfo.InvariantCulture),
        string s => s,
        _ => JsonSerializer.Serialize(value, XComJson.Options),
    };

    private static object? TryCreate(Type type)
    {
        try
        {
            return type.GetConstructor(Type.EmptyTypes) is null ? null : Activator.CreateInstance(type);
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }
}
