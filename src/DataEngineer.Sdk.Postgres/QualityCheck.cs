using Npgsql;

namespace DataEngineer.Sdk.Postgres;

/// <summary>
/// A declarative data quality check. Each runs as ONE SQL statement that returns the number of failing rows and
/// at most 10 of them as JSON: the work stays in PostgreSQL however large the table. Column and table names are
/// validated and quoted when the check is created. Run them with <see cref="QualityChecks.RunChecksAsync"/>.
/// </summary>
public sealed class QualityCheck
{
    /// <summary>At most this many failing rows are kept as a sample.</summary>
    public const int SampleSize = 10;

    private readonly Func<DateTimeOffset, (string Sql, Dictionary<string, object?> Parameters)> _failingRows;

    private QualityCheck(string name, string kind, CheckSeverity severity, Func<DateTimeOffset, (string, Dictionary<string, object?>)> failingRows)
    {
        Name = name;
        Kind = kind;
        Severity = severity;
        _failingRows = failingRows;
    }

    /// <summary>The check's name, unique within a task's checks.</summary>
    public string Name { get; }

    /// <summary>not_null, unique, accepted_values, relationships, range, row_count, freshness, documented or custom_sql.</summary>
    public string Kind { get; }

    /// <summary>Error (the default) fails the task; Warn records and goes on.</summary>
    public CheckSeverity Severity { get; }

    /// <summary>The same check, recorded as a warning instead of failing the task.</summary>
    public QualityCheck AsWarning() => new(Name, Kind, CheckSeverity.Warn, _failingRows);

    /// <summary>Fails for rows where <paramref name="column"/> is null.</summary>
    public static QualityCheck NotNull(string column, string? name = null)
    {
        var c = SqlIdentifier.Column(column, "not_null check column");
        return new(name ?? $"not_null_{column}", "not_null", CheckSeverity.Error, _ => ($"SELECT * FROM {{from}} WHERE t.{c} IS NULL", []));
    }

    /// <summary>Fails for each combination of <paramref name="columns"/> that occurs more than once (one failing row per duplicated key).</summary>
    public static QualityCheck Unique(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0)
        {
            throw new ArgumentException("A unique check needs at least one column.", nameof(columns));
        }

        var list = string.Join(", ", columns.Select(c => "t." + SqlIdentifier.Column(c, "unique check column")));
        return new($"unique_{string.Join("_", columns)}", "unique", CheckSeverity.Error,
            _ => ($"SELECT {list}, count(*) AS occurrences FROM {{from}} GROUP BY {list} HAVING count(*) > 1", []));
    }

    /// <summary>Fails for rows whose <paramref name="column"/> (as text) is not one of <paramref name="values"/>; nulls pass (pair with NotNull).</summary>
    public static QualityCheck AcceptedValues(string column, IReadOnlyCollection<string> values, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var c = SqlIdentifier.Column(column, "accepted_values check column");
        var accepted = values.ToArray();
        return new(name ?? $"accepted_values_{column}", "accepted_values", CheckSeverity.Error,
            _ => ($"SELECT * FROM {{from}} WHERE t.{c} IS NOT NULL AND NOT (t.{c}::text = ANY(@accepted))", new() { ["accepted"] = accepted }));
    }

    /// <summary>Fails for rows whose <paramref name="column"/> has no match in <paramref name="toTable"/>.<paramref name="toColumn"/> (a foreign key that does not exist); nulls pass.</summary>
    public static QualityCheck Relationship(string column, string toTable, string toColumn, string? name = null)
    {
        var c = SqlIdentifier.Column(column, "relationships check column");
        var parent = SqlIdentifier.Table(toTable, "relationships check table");
        var pc = SqlIdentifier.Column(toColumn, "relationships check referenced column");
        return new(name ?? $"relationships_{column}", "relationships", CheckSeverity.Error,
            _ => ($"SELECT * FROM {{from}} WHERE t.{c} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {parent} AS p WHERE p.{pc} = t.{c})", []));
    }

    /// <summary>Fails for rows whose <paramref name="column"/> is below <paramref name="min"/> or above <paramref name="max"/> (either may be null: no bound).</summary>
    public static QualityCheck Range(string column, object? min, object? max, string? name = null)
    {
        if (min is null && max is null)
        {
            throw new ArgumentException("A range check needs a minimum, a maximum or both.", nameof(min));
        }

        var c = SqlIdentifier.Column(column, "range check column");
        var conditions = new List<string>();
        var parameters = new Dictionary<string, object?>();
        if (min is not null)
        {
            conditions.Add($"t.{c} < @min");
            parameters["min"] = min;
        }

        if (max is not null)
        {
            conditions.Add($"t.{c} > @max");
            parameters["max"] = max;
        }

        return new(name ?? $"range_{column}", "range", CheckSeverity.Error, _ => ($"SELECT * FROM {{from}} WHERE {string.Join(" OR ", conditions)}", parameters));
    }

    /// <summary>Fails (one failing row holding the count) when the target's row count is outside [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static QualityCheck RowCountBetween(long min, long max, string? name = null) => min > max
        ? throw new ArgumentException($"A row_count check's minimum ({min}) is above its maximum ({max}).", nameof(min))
        : new(name ?? "row_count", "row_count", CheckSeverity.Error,
            _ => ("SELECT n AS row_count FROM (SELECT count(*) AS n FROM {from}) AS c WHERE n < @min OR n > @max", new() { ["min"] = min, ["max"] = max }));

    /// <summary>
    /// Fails (one failing row holding the latest value) when the maximum of the timestamp <paramref name="column"/> is older
    /// than <paramref name="maxAge"/> before the check's reference time (the data interval's end by default), or there are no rows.
    /// </summary>
    public static QualityCheck Freshness(string column, TimeSpan maxAge, string? name = null)
    {
        var c = SqlIdentifier.Column(column, "freshness check column");
        return new(name ?? $"freshness_{column}", "freshness", CheckSeverity.Error, asOf => (
            $"SELECT latest, @threshold AS threshold FROM (SELECT max(t.{c})::timestamptz AS latest FROM {{from}}) AS f WHERE latest IS NULL OR latest < @threshold",
            new() { ["threshold"] = (asOf - maxAge).ToUniversalTime() }));
    }

    /// <summary>
    /// "If a column isn't documented, it doesn't exist": one failing row (<c>column_name</c>, <c>type</c>) per column of
    /// <paramref name="dataset"/>'s table that its <see cref="Dataset.Columns"/> do not describe (no entry, or no
    /// <see cref="DatasetColumnSpec.Description"/>). A warning by default; the check target is not used.
    /// </summary>
    /// <exception cref="InvalidIdentifierException">The dataset's name is not a plain, optionally schema-qualified identifier.</exception>
    public static QualityCheck Documented(Dataset dataset, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var table = SqlIdentifier.Table(dataset.Name, "documented check dataset");
        var described = dataset.Columns.Where(c => !string.IsNullOrWhiteSpace(c.Description)).Select(c => c.Name).ToArray();
        return new(name ?? "documented", "documented", CheckSeverity.Warn, _ => (
            "SELECT a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a " +
            "WHERE a.attrelid = @documented_table::regclass AND a.attnum > 0 AND NOT a.attisdropped AND NOT (a.attname = ANY(@documented_columns)) ORDER BY a.attnum",
            new() { ["documented_table"] = table, ["documented_columns"] = described }));
    }

    /// <summary>The same check, failing the task (error severity) instead of warning.</summary>
    public QualityCheck AsError() => new(Name, Kind, CheckSeverity.Error, _failingRows);

    /// <summary>Your SQL, returning the failing rows (the target is not used). Fails when it returns any.</summary>
    public static QualityCheck Sql(string name, string failingRowsSql) =>
        new(name, "custom_sql", CheckSeverity.Error, _ => (failingRowsSql, []));

    /// <summary>Runs the check on <paramref name="target"/> as one statement.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="target">The table or query.</param>
    /// <param name="asOf">The reference time of freshness checks.</param>
    /// <param name="transaction">The transaction to run in, if any.</param>
    /// <param name="ct">Cancels the statement.</param>
    public async Task<CheckResult> RunAsync(NpgsqlConnection connection, CheckTarget target, DateTimeOffset asOf, NpgsqlTransaction? transaction = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var (template, parameters) = _failingRows(asOf);
        var failingRows = Kind == "custom_sql" ? template : template.Replace("{from}", target.From, StringComparison.Ordinal);
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) OVER (), row_to_json(f)::text FROM ({failingRows}) AS f LIMIT {SampleSize}", connection, transaction);
        foreach (var (key, value) in target.Parameters.Concat(parameters))
        {
            command.Parameters.AddWithValue(key, value ?? DBNull.Value);
        }

        long failing = 0;
        var sample = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                failing = reader.GetInt64(0);
                sample.Add(reader.GetString(1));
            }
        }

        return new CheckResult { Name = Name, Kind = Kind, Severity = Severity, Target = target.Display, FailingCount = failing, Sample = sample };
    }
}
