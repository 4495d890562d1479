using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using DataEngineer.Sdk.Postgres;

namespace DataEngineer.Host.Mcp;

/// <summary>
/// A proposed change of a dataset's columns judged as its contract would judge the write that makes it: a declared column
/// dropped or narrowed breaks Additive and Exact, an undeclared new column breaks Exact; the rest is recorded as drift.
/// </summary>
internal sealed record SchemaChangeEvaluation(IReadOnlyList<string> Violations, IReadOnlyList<string> Drift)
{
    public static SchemaChangeEvaluation Of(
        DatasetCatalogEntry? entry, DatasetRecord? recorded, IReadOnlyList<string> drops, IReadOnlyDictionary<string, string> retypes, IReadOnlyDictionary<string, string> adds)
    {
        var contract = entry?.Contract ?? ContractMode.None;
        var declared = (entry?.Columns ?? []).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var current = (recorded?.Columns ?? []).ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        var violations = new List<string>();
        var drift = new List<string>();
        foreach (var column in drops)
        {
            if (contract != ContractMode.None && declared.TryGetValue(column, out var spec))
            {
                violations.Add($"column {column} is declared ({spec.Type ?? "any type"}) and would be dropped (dropped)");
            }
            else
            {
                drift.Add(current.ContainsKey(column) || declared.ContainsKey(column)
                    ? $"column {column} removed: recorded as schema drift"
                    : $"column {column} is neither declared nor in the recorded schema: nothing to drop");
            }
        }

        foreach (var (column, type) in retypes)
        {
            var was = declared.GetValueOrDefault(column)?.Type;
            bool compatible;
            try
            {
                compatible = was is null || ContractTypes.IsCompatible(was, type);
            }
            catch (ArgumentException e)
            {
                throw McpFacts.BadArgument("retypeColumns", $"'{column}={type}': {e.Message}");
            }

            if (contract != ContractMode.None && !compatible)
            {
                violations.Add($"column {column} is declared {was} but would become {type} (narrowed or changed; only widenings keep a contract)");
            }
            else
            {
                drift.Add($"column {column} retyped {current.GetValueOrDefault(column) ?? was ?? "?"} -> {type}: recorded as schema drift");
            }
        }

        foreach (var (column, type) in adds)
        {
            if (contract == ContractMode.Exact && !declared.ContainsKey(column))
            {
                violations.Add($"column {column} ({type}) is not declared and the contract is exact (undeclared)");
            }
            else
            {
                drift.Add($"column {column} ({type}) added: recorded as schema drift");
            }
        }

        return new SchemaChangeEvaluation(violations, drift);
    }
}
