using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Governance;

/// <summary>
/// Masks the values of PII columns and secrets wherever the orchestrator shows data. It knows a set of PII column
/// names (the datasets a task reads and writes, or every PII column the loaded DAGs declare), the names that mark a
/// secret (<see cref="SensitiveNames"/>) and the secrets of this process (<see cref="SecretValues"/>), and does
/// three things (a secret is always shown as <c>***</c>, a PII value as <see cref="PiiMask"/> shows it):
/// <list type="bullet">
/// <item>In a row or any JSON value, the value of every property named like a PII column or a secret is replaced by
/// its mask, at any depth; the original is remembered.</item>
/// <item>In free text (a log line, an error), a JSON-style <c>"email": "..."</c> or <c>password=...</c> pair naming a
/// PII column or a secret is masked, so is the password of a URI (<c>postgresql://user:***@host</c>), every secret of
/// the process, and every literal occurrence of a value it has remembered (values of at least
/// <see cref="MinimumLiteralLength"/> characters, compared ignoring case).</item>
/// <item>It remembers values it is shown (<see cref="Observe"/>, <see cref="ObserveJson"/>): rows in failing-row
/// samples, properties of structured log lines, run conf and XCom values named like PII columns or secrets.</item>
/// </list>
/// A PII value the masker never saw, outside a recognisable name/value pair, is not masked: a task that prints
/// an e-mail address it read from an undeclared source gets it logged. One masker serves one try (or one view);
/// it is thread-safe.
/// </summary>
public sealed partial class PiiMasker
{
    /// <summary>Remembered values shorter than this are not masked in free text (too many false hits).</summary>
    public const int MinimumLiteralLength = 3;

    /// <summary>At most this many values are remembered per try; later ones are still masked where they are named.</summary>
    public const int MaxRememberedValues = 10_000;

    private static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly HashSet<string> _columns;
    private readonly PiiColumns _datasets;
    // Remembered values, and whether each is a secret (shown as *** whatever it looks like).
    private readonly Dictionary<string, bool> _seen = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private KeyValuePair<string, bool>[] _longestFirst = [];
    private bool _changed;

    /// <summary>A masker for <paramref name="columns"/> (any spelling) and, in rows of a named dataset, that dataset's PII columns in <paramref name="datasets"/>.</summary>
    public PiiMasker(IEnumerable<string> columns, PiiColumns? datasets = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = columns.Select(PiiColumns.Normalize).ToHashSet(StringComparer.Ordinal);
        _datasets = datasets ?? PiiColumns.Empty;
    }

    /// <summary>
    /// The masker of one try of <paramref name="taskId"/>: the PII columns of the datasets the task reads and writes;
    /// when those declare none, every PII column of <paramref name="declared"/> (the loaded DAGs).
    /// </summary>
    public static PiiMasker ForTask(DagGraph graph, string taskId, PiiColumns declared)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(declared);
        var own = graph.Tasks.TryGetValue(taskId, out var node) ? PiiColumns.Of(PiiColumns.DatasetsOf(node)).All : new HashSet<string>();
        return new PiiMasker(own.Count > 0 ? own : declared.All, declared);
    }

    /// <summary>Whether a column or property name is a PII column's (any spelling).</summary>
    public bool IsPii(string name) => _columns.Contains(PiiColumns.Normalize(name));

    /// <summary>Whether the value of a property or key named <paramref name="name"/> is masked: a PII column's, or a secret's.</summary>
    public bool Hides(string name) => IsPii(name) || SensitiveNames.IsSensitive(name);

    /// <summary>
    /// Masks a row (a JSON object, e.g. a failing-row sample) read from <paramref name="dataset"/>: the PII columns
    /// of that dataset and every column this masker masks. The original values are remembered. Text that is not
    /// JSON is masked as free text.
    /// </summary>
    public string MaskRow(string? dataset, string rowJson)
    {
        ArgumentNullException.ThrowIfNull(rowJson);
        var extra = dataset is null ? null : _datasets.Of(dataset);
        return extra is { Count: > 0 } || MayHide(rowJson) ? MaskJson(rowJson, extra) : SecretValues.Mask(rowJson);
    }

    /// <summary>Masks every property named like a PII column or a secret in a JSON value, at any depth (an XCom value or a run conf, for display), and every secret of the process.</summary>
    public string MaskJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return MayHide(json) ? MaskJson(json, null) : SecretValues.Mask(json);
    }

    /// <summary>Masks a log line or an error: PII and secret name/value pairs, URI passwords, every secret of the process and every remembered value.</summary>
    public string MaskText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = JsonPair().Replace(text, m => Hides(m.Groups["key"].Value) ? MaskPair(m, quoted: true) : m.Value);
        text = AssignedPair().Replace(text, m => Hides(m.Groups["key"].Value) ? MaskPair(m, quoted: false) : m.Value);
        text = UriPassword().Replace(text, m =>
        {
            Remember(Uri.UnescapeDataString(m.Groups["password"].Value), secret: true);
            return m.Groups["before"].Value + PiiMask.Hidden + "@";
        });
        foreach (var (value, secret) in Remembered())
        {
            text = text.Replace(value, secret ? PiiMask.Hidden : PiiMask.Of(value), StringComparison.OrdinalIgnoreCase);
        }

        return SecretValues.Mask(text);
    }

    /// <summary>Remembers a PII value (a scalar, or each item of a list) so later text that contains it is masked.</summary>
    public void Observe(object? value)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                Remember(text, secret: false);
                return;
            case IEnumerable items:
                foreach (var item in items)
                {
                    Observe(item);
                }

                return;
            default:
                Remember(Convert.ToString(value, CultureInfo.InvariantCulture), secret: false);
                Remember(Convert.ToString(value, CultureInfo.CurrentCulture), secret: false);
                return;
        }
    }

    /// <summary>Remembers a secret (a value logged under a sensitive name) so later text that contains it shows <c>***</c>.</summary>
    public void ObserveSecret(object? value)
    {
        if (value is not null)
        {
            Remember(Convert.ToString(value, CultureInfo.InvariantCulture), secret: true);
        }
    }

    /// <summary>Remembers the values of properties named like PII columns or secrets in a JSON value (an XCom value a try reads or returns, the run conf).</summary>
    public void ObserveJson(string json)
    {
        if (MayHide(json))
        {
            MaskJson(json, null);
        }
    }

    // Cheap test before parsing: JSON with no property a PII column or a secret could be named after needs no masking.
    private bool MayHide(string json) =>
        _columns.Count > 0 || SecretStems.Any(s => json.Contains(s, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] SecretStems = ["pass", "secret", "token", "key", "auth", "credential"];

    private string MaskJson(string json, IReadOnlySet<string>? extra)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return MaskText(json);
        }

        if (node is null)
        {
            return json;
        }

        return SecretValues.Mask(Mask(node, extra) ? node.ToJsonString(Output) : json);
    }

    private bool Mask(JsonNode node, IReadOnlySet<string>? extra)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    var normalized = PiiColumns.Normalize(name);
                    var secret = SensitiveNames.IsSensitive(name);
                    if (secret || _columns.Contains(normalized) || extra?.Contains(normalized) == true)
                    {
                        if (value is not null)
                        {
                            obj[name] = Masked(value, secret);
                            changed = true;
                        }
                    }
                    else if (value is not null)
                    {
                        changed |= Mask(value, extra);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>())
                {
                    changed |= Mask(item, extra);
                }

                break;
        }

        return changed;
    }

    private JsonNode Masked(JsonNode value, bool secret)
    {
        if (value is JsonValue scalar)
        {
            var text = scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>() : scalar.ToJsonString();
            Remember(text, secret);
            return JsonValue.Create(secret ? PiiMask.Hidden : PiiMask.Of(text));
        }

        foreach (var leaf in Leaves(value))
        {
            Remember(leaf, secret);
        }

        return JsonValue.Create(PiiMask.Hidden);
    }

    private static IEnumerable<string> Leaves(JsonNode node) => node switch
    {
        JsonObject obj => obj.Select(p => p.Value).OfType<JsonNode>().SelectMany(Leaves),
        JsonArray array => array.OfType<JsonNode>().SelectMany(Leaves),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        _ => [node.ToJsonString()],
    };

    private string MaskPair(Match m, bool quoted)
    {
        var raw = m.Groups["value"].Value;
        var value = quoted && raw.StartsWith('"') ? Unquote(raw) : raw;
        var secret = SensitiveNames.IsSensitive(m.Groups["key"].Value);
        Remember(value, secret);
        var masked = secret ? PiiMask.Hidden : PiiMask.Of(value);
        return m.Value[..(m.Groups["value"].Index - m.Index)] + (quoted ? $"\"{masked}\"" : masked);
    }

    private static string Unquote(string raw)
    {
        try
        {
            return JsonSerializer.Deserialize<string>(raw) ?? "";
        }
        catch (JsonException)
        {
            return raw.Trim('"');
        }
    }

    private void Remember(string? value, bool secret)
    {
        if (value is null || value.Length < MinimumLiteralLength || PiiMask.IsMasked(value))
        {
            return;
        }

        lock (_lock)
        {
            if (_seen.TryGetValue(value, out var known))
            {
                _changed |= secret && !known;
                _seen[value] = known || secret;
            }
            else if (_seen.Count < MaxRememberedValues)
            {
                _seen.Add(value, secret);
                _changed = true;
            }
        }
    }

    private KeyValuePair<string, bool>[] Remembered()
    {
        lock (_lock)
        {
            if (_changed)
            {
                // Longest first, so a value that contains another is masked whole.
                _longestFirst = [.. _seen.OrderByDescending(v => v.Key.Length).ThenBy(v => v.Key, StringComparer.Ordinal)];
                _changed = false;
            }

            return _longestFirst;
        }
    }

    [GeneratedRegex("""["'](?<key>[A-Za-z_][A-Za-z0-9_]*)["']\s*:\s*(?<value>"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*)""")]
    private static partial Regex JsonPair();

    [GeneratedRegex("""\b(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>[^\s,;&"']+)""")]
    private static partial Regex AssignedPair();

    // scheme://login:password@ — the password of a connection URI.
    [GeneratedRegex("""(?<before>\b[A-Za-z][A-Za-z0-9+.-]*://[^\s:/@]*:)(?<password>[^\s/@]+)@""")]
    private static partial Regex UriPassword();
}
