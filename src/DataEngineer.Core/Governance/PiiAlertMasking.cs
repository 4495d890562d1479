using DataEngineer.Core.Alerts;

namespace DataEngineer.Core.Governance;

/// <summary>
/// Masks an alert before it is rendered and recorded (webhook and mail bodies alike): its summary, error, log lines
/// and details go through a masker of every PII column the loaded DAGs declare and of every secret (sensitive
/// names, the process's <see cref="SecretValues"/>). Task-failure alerts are built from the try's stored log and
/// error, which the try already masked (with the values it saw); this catches what reaches an alert another way,
/// e.g. a failing-row sample in a quality event or a PII name/value pair in an error.
/// </summary>
public static class PiiAlertMasking
{
    public static AlertEvent Mask(AlertEvent alert, PiiColumns declared)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(declared);
        var masker = new PiiMasker(declared.All, declared);
        // Details first: a sample's values are remembered there and then masked wherever the text repeats them.
        var details = alert.Details.Select(d => new KeyValuePair<string, string>(d.Key, masker.MaskRow(null, d.Value))).ToList();
        return alert with
        {
            Details = details,
            Summary = masker.MaskText(alert.Summary),
            Error = alert.Error is null ? null : masker.MaskText(alert.Error),
            LogLines = [.. alert.LogLines.Select(masker.MaskText)],
        };
    }
}
