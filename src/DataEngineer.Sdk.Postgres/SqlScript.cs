using System.Reflection;
using System.Runtime.CompilerServices;

namespace DataEngineer.Sdk.Postgres;

/// <summary>
/// The SQL a SQL task runs: a <c>.sql</c> file (read when the task runs, so an edit is live on the next run) or a
/// string. It may hold several statements; values come in as parameters (<c>@logical_date</c>, <c>@region</c>, ...),
/// never spliced into the text.
/// </summary>
/// <example><code>
/// SqlScript.File("sql/fact_orders.sql")      // beside this .cs file, or in the DAG assembly's folder
/// SqlScript.Text("DELETE FROM mart.daily WHERE day = @logical_date::date")
/// </code></example>
public sealed class SqlScript
{
    private readonly string? _text;
    private readonly string? _path;
    private readonly string? _callerFilePath;
    private readonly Assembly? _assembly;

    private SqlScript(string? text, string? path, string? callerFilePath, Assembly? assembly)
    {
        _text = text;
        _path = path;
        _callerFilePath = callerFilePath;
        _assembly = assembly;
    }

    /// <summary>The file as given, or null for inline SQL.</summary>
    public string? Path => _path;

    /// <summary>SQL given as a string.</summary>
    public static SqlScript Text(string sql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        return new SqlScript(sql, null, null, null);
    }

    /// <summary>
    /// SQL read from <paramref name="path"/> when the task runs. A relative path is looked for beside the C# file
    /// that calls this (folder DAGs and projects alike), then in the DAG assembly's folder (see <see cref="DagFiles"/>).
    /// </summary>
    /// <param name="path">E.g. <c>sql/fact_orders.sql</c>.</param>
    /// <param name="callerFilePath">Filled in by the compiler: leave it out.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static SqlScript File(string path, [CallerFilePath] string callerFilePath = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new SqlScript(null, path, callerFilePath, Assembly.GetCallingAssembly());
    }

    /// <summary>Where the places a file is looked for, most specific first (empty for inline SQL).</summary>
    public IReadOnlyList<string> Candidates => _path is null ? [] : DagFiles.Candidates(_path, _callerFilePath, _assembly);

    /// <summary>For messages: <c>file sql/x.sql</c> or <c>inline SQL</c>.</summary>
    public override string ToString() => _path is null ? "inline SQL" : $"file {_path}";

    /// <summary>The SQL text.</summary>
    /// <exception cref="FileNotFoundException">The file is in none of the places looked in (all named).</exception>
    public Task<string> ReadAsync(CancellationToken ct) =>
        _text is not null ? Task.FromResult(_text) : DagFiles.ReadAsync(_path!, _callerFilePath, _assembly, ct);
}
