using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Governance;

/// <summary>
/// XCom values as the UI and CLI show them: every property named like a PII column any loaded DAG declares or like
/// a secret is masked, at any depth, and so is every secret of the process. The stored value stays intact, because downstream tasks read it; only views are masked.
/// </summary>
public static class PiiXComDisplay
{
    public static IReadOnlyList<XComEntry> Mask(IReadOnlyList<XComEntry> entries, PiiColumns declared)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(declared);
        var masker = new PiiMasker(declared.All);
        return [.. entries.Select(e => e with { Json = masker.MaskJson(e.Json) })];
    }
}
