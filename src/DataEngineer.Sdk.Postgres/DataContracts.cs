using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataEngineer.Sdk.Postgres;

/// <summary>
/// Checks a write against its dataset's declared schema (<see cref="Dataset.Columns"/> under <see cref="Dataset.Contract"/>)
/// before it commits, so a breaking change never reaches a consumer. <see cref="TableLoader.LoadAsync{T}"/> does it on its
/// own when the load's <see cref="LoadSpec.Dataset"/> declares a contract; hand-written writes call
/// <see cref="VerifyContractAsync"/> inside their transaction, just before committing.
/// </summary>
public static class DataContracts
{
    private const int UnacceptedValuesShown = 5;

    private const string SelectColumns = """
        SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
        FROM pg_attribute a WHERE a.attrelid = to_regclass(@table) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
        """;

    /// <summary>
    /// Reads the table's columns (in <paramref name="transaction"/>, so uncommitted changes count) and compares them with the
    /// declared ones. Passes for the same schema or an additive change: new columns (unless the contract is
    /// <see cref="ContractMode.Exact"/>) and widened types (see <see cref="ContractTypes"/>). Fails the task, without retries,
    /// for a dropped declared column, a narrowed or changed type, NULLs in a column declared non-nullable, a value outside a
    /// column's declared <see cref="DatasetColumnSpec.AcceptedValues"/>, or, when exact,
    /// an undeclared column: the message lists every violation and the tasks that read the dataset (its consumers). The
    /// result is recorded as a check named <c>contract</c> either way. Roll back (dispose the transaction) after a failure.
    /// </summary>
    /// <param name="context">The task's context.</param>
    /// <param name="connection">An open connection.</param>
    /// <param name="dataset">The dataset, as declared in the DAG.</param>
    /// <param name="transaction">The write's transaction, not yet committed.</param>
    /// <exception cref="TaskFailedException">The write breaks the contract.</exception>
    /// <exception cref="InvalidIdentifierException">The dataset's name or a declared column's name is not a plain identifier.</exception>
    public static async Task<ContractVerification> VerifyContractAsync(this TaskContext context, NpgsqlConnection connection, Dataset dataset, NpgsqlTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Contract == ContractMode.None)
        {
            return new ContractVerification(dataset.Name, ContractMode.None, []);
        }

        var table = SqlIdentifier.Table(dataset.Name, "contract dataset name");
        foreach (var column in dataset.Columns)
        {
            SqlIdentifier.Column(column.Name, $"dataset {dataset.Name} declared column");
        }

        var ct = context.CancellationToken;
        var actual = await ReadColumnsAsync(connection, transaction, table, ct);
        var violations = new List<ContractViolation>();
        if (actual.Count == 0)
        {
            violations.Add(new ContractViolation(dataset.Name, "missing_table", $"the table {dataset.Name} does not exist"));
        }
        else
        {
            var nulls = await CountNullsAsync(connection, transaction, table, dataset, actual, ct);
            violations.AddRange(Compare(dataset, actual, nulls));
            violations.AddRange(await FindUnacceptedValuesAsync(connection, transaction, table, dataset, actual, ct));
        }

        var declared = dataset.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var added = actual.Where(a => !declared.Contains(a.Name)).Select(a => new DatasetColumn(a.Name, a.Type)).ToList();
        context.Data.RecordCheck(new CheckResult
        {
            Name = "contract",
            Kind = "contract",
            Severity = CheckSeverity.Error,
            Target = dataset.Name,
            FailingCount = violations.Count,
            Sample = violations.Take(QualityCheck.SampleSize)
                .Select(v => JsonSerializer.Serialize(new Dictionary<string, string> { ["column"] = v.Column, ["violation"] = v.Kind, ["message"] = v.Message }))
                .ToList(),
        });

        if (violations.Count > 0)
        {
            context.Logger.LogError("Data contract of {Dataset} broken: {Violations}", dataset.Name, string.Join("; ", violations.Select(v => v.Message)));
            context.Fail(await FailureMessageAsync(context, dataset, violations));
        }

        if (added.Count > 0)
        {
            context.Logger.LogInformation("Data contract of {Dataset} kept, with an additive change: new columns {Columns}",
                dataset.Name, string.Join(", ", added.Select(c => $"{c.Name} {c.Type}")));
        }

        return new ContractVerification(dataset.Name, dataset.Contract, added);
    }

    private static IEnumerable<ContractViolation> Compare(Dataset dataset, IReadOnlyList<ActualColumn> actual, IReadOnlyDictionary<string, long> nulls)
    {
        var byName = actual.ToDictionary(a => a.Name, StringComparer.Ordinal);
        foreach (var column in dataset.Columns)
        {
            if (!byName.TryGetValue(column.Name, out var found))
            {
                yield return new ContractViolation(column.Name, "dropped", $"column {column.Name}{(column.Type is { } t ? $" ({t})" : "")} is declared but no longer in the table");
                continue;
            }

            if (column.Type is { } type && !ContractTypes.IsCompatible(type, found.Type))
            {
                var narrowed = ContractTypes.IsCompatible(found.Type, type);
                yield return new ContractViolation(column.Name, narrowed ? "narrowed" : "changed",
                    $"column {column.Name} is declared {ContractTypes.Normalize(type)} but is now {found.Type} ({(narrowed ? "narrowed" : "an incompatible change")}; only widenings keep a contract)");
            }

            if (nulls.TryGetValue(column.Name, out var count) && count > 0)
            {
                yield return new ContractViolation(column.Name, "nulls", $"column {column.Name} is declared not nullable but {count:N0} rows hold NULL");
            }
        }

        if (dataset.Contract == ContractMode.Exact)
        {
            var declared = dataset.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var extra in actual.Where(a => !declared.Contains(a.Name)))
            {
                yield return new ContractViolation(extra.Name, "undeclared", $"column {extra.Name} ({extra.Type}) is not declared and the contract is exact");
            }
        }
    }

    private static async Task<string> FailureMessageAsync(TaskContext context, Dataset dataset, IReadOnlyList<ContractViolation> violations)
    {
        string consumers;
        try
        {
            var readers = await context.GetDatasetConsumersAsync(dataset.Name);
            consumers = readers.Count == 0
                ? $"No task declares it reads {dataset.Name} (TaskOptions.Reads), so no known consumer would have broken."
                : $"Consumers that would have broken ({readers.Count}): {string.Join(", ", readers)}.";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            consumers = $"Its consumers could not be looked up ({e.Message}).";
        }

        return $"Data contract ({dataset.Contract.ToString().ToLowerInvariant()}) of {dataset.Name} is broken; the write was not committed:\n" +
            string.Concat(violations.Select(v => $"  - {v.Message}\n")) +
            consumers + "\n" +
            $"Fix the write, or change the declared Columns of {dataset.Name} (and tell its consumers).";
    }

    private static async Task<List<ActualColumn>> ReadColumnsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(SelectColumns, connection, transaction);
        command.Parameters.AddWithValue("table", table);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var columns = new List<ActualColumn>();
        while (await reader.ReadAsync(ct))
        {
            columns.Add(new ActualColumn(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        }

        return columns;
    }

    // NULLs in the declared non-nullable columns the table lets hold them (a NOT NULL column cannot): one scan for all.
    private static async Task<Dictionary<string, long>> CountNullsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string table, Dataset dataset, IReadOnlyList<ActualColumn> actual, CancellationToken ct)
    {
        var nullable = actual.Where(a => !a.NotNull).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var columns = dataset.Columns.Where(c => !c.Nullable && nullable.Contains(c.Name)).Select(c => c.Name).ToList();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (columns.Count == 0)
        {
            return counts;
        }

        var filters = columns.Select(c => $"count(*) FILTER (WHERE {SqlIdentifier.Column(c, "contract column")} IS NULL)");
        await using var command = new NpgsqlCommand($"SELECT {string.Join(", ", filters)} FROM {table}", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        for (var i = 0; i < columns.Count; i++)
        {
            counts[columns[i]] = reader.GetInt64(i);
        }

        return counts;
    }

    // Values outside a declared column's accepted values: the most frequent few by name (none for a PII column), and how many rows in all.
    private static async Task<List<ContractViolation>> FindUnacceptedValuesAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string table, Dataset dataset, IReadOnlyList<ActualColumn> actual, CancellationToken ct)
    {
        var present = actual.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var violations = new List<ContractViolation>();
        foreach (var column in dataset.Columns.Where(c => c.AcceptedValues is not null && present.Contains(c.Name)))
        {
            var quoted = SqlIdentifier.Column(column.Name, "contract column");
            await using var command = new NpgsqlCommand($"""
                SELECT value, rows, sum(rows) OVER (), count(*) OVER ()
                FROM (SELECT {quoted}::text AS value, count(*) AS rows FROM {table}
                      WHERE {quoted} IS NOT NULL AND NOT ({quoted}::text = ANY(@accepted)) GROUP BY 1) unaccepted
                ORDER BY rows DESC, value LIMIT {UnacceptedValuesShown}
                """, connection, transaction);
            command.Parameters.AddWithValue("accepted", column.AcceptedValues!.ToArray());
            var shown = new List<string>();
            long rows = 0, values = 0;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    shown.Add($"'{reader.GetString(0)}' ({reader.GetInt64(1):N0} rows)");
                    rows = (long)reader.GetDecimal(2);
                    values = reader.GetInt64(3);
                }
            }

            if (rows == 0)
            {
                continue;
            }

            var which = column.Classification == DataClassification.Pii
                ? $"{values:N0} other values (not shown: the column is PII)"
                : string.Join(", ", shown) + (values > shown.Count ? $" and {values - shown.Count:N0} more values" : "");
            violations.Add(new ContractViolation(column.Name, "accepted_values",
                $"column {column.Name} accepts only {Accepted(column.AcceptedValues!)} but {rows:N0} rows hold {which}"));
        }

        return violations;
    }

    private static string Accepted(IReadOnlyList<string> values) =>
        values.Count == 0 ? "no value" : string.Join(", ", values.Take(10).Select(v => $"'{v}'")) + (values.Count > 10 ? $" (and {values.Count - 10} more)" : "");

    private sealed record ActualColumn(string Name, string Type, bool NotNull);
}
