using System.Text.Json;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Governance;
using DataEngineer.Core.Storage;

namespace DataEngineer.Ui.Presentation;

/// <summary>
/// The last line of PII and secret masking before a page or an API response shows stored data: samples, logs and errors are
/// masked when they are written, but rows stored before an upgrade, a column classified PII later, and the values a
/// <c>new_values</c> event quotes are not, so every view masks again with every PII column the loaded DAGs declare.
/// Masking a masked value changes nothing. One instance serves one view.
/// </summary>
public sealed class PiiDisplay
{
    private readonly PiiColumns _declared;
    private readonly PiiMasker _masker;

    public PiiDisplay(PiiColumns declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        _declared = declared;
        _masker = new PiiMasker(declared.All, declared);
    }

    /// <summary>The masking of the DAGs loaded now.</summary>
    public static PiiDisplay Of(IDagRegistry registry) => new(PiiColumns.Declared(registry));

    /// <summary>A failing-row sample of a check on <paramref name="target"/>.</summary>
    public string Sample(string? target, string sampleJson) => _masker.MaskRow(target, sampleJson);

    /// <summary>A log line, an error or an audit detail.</summary>
    public string Text(string text) => _masker.MaskText(text);

    /// <summary>A JSON value (a run conf, an XCom value): properties named like PII columns or secrets, and the process's secrets.</summary>
    public string Json(string json) => _masker.MaskJson(json);

    /// <summary>A try's log lines, each masked (a value named in one line is masked in the lines after it too).</summary>
    public IReadOnlyList<TaskLogLine> Log(IReadOnlyList<TaskLogLine> lines) => [.. lines.Select(l => l with { Message = Text(l.Message) })];

    /// <summary>A quality event: the values quoted by a <c>new_values</c> event on a PII column, and any PII in its message and before/after.</summary>
    public QualityEvent Event(QualityEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Kind == QualityEventKinds.NewValues && e.Dataset is { } dataset && IsPiiColumn(dataset, e.Message))
        {
            return e with
            {
                Before = MaskValueList(e.Before),
                After = MaskValueList(e.After),
                Message = Text(e.Message),
            };
        }

        return e with
        {
            Message = Text(e.Message),
            Before = e.Before is { } before ? _masker.MaskRow(e.Dataset, before) : null,
            After = e.After is { } after ? _masker.MaskRow(e.Dataset, after) : null,
        };
    }

    // A new_values message starts "{dataset}.{column} has ...".
    private bool IsPiiColumn(string dataset, string message)
    {
        var prefix = dataset + ".";
        if (!message.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var column = PiiColumns.Normalize(message[prefix.Length..].Split(' ', 2)[0]);
        return _declared.Of(dataset).Contains(column) || _declared.All.Contains(column);
    }

    // A JSON list of values: each one is remembered (so the message is masked too) and replaced by its mask.
    private string? MaskValueList(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            var values = JsonSerializer.Deserialize<List<string?>>(json) ?? [];
            _masker.Observe(values.OfType<string>().ToList());
            return JsonSerializer.Serialize(values.Select(v => v is null ? null : PiiMask.Of(v)));
        }
        catch (JsonException)
        {
            return PiiMask.Hidden;
        }
    }
}
