using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>
/// The bad-input sweep at the command line: hostile arguments, broken configuration and broken DAG files each give
/// one clear message (what, where, how to fix), exit code 2 (or 1 for import errors), and no stack trace.
/// The README's troubleshooting table lists each case with its test.
/// </summary>
public sealed class BadInputSweepTests(CliFixture fixture) : IClassFixture<CliFixture>, IDisposable
{
    private static readonly Dictionary<string, string?> NoSettings = [];

    private readonly string _folder = Directory.CreateTempSubdirectory("dataengineer-sweep-dags-").FullName;

    private const string GoodDag = """
        using DataEngineer.Sdk;

        public sealed class Fine() : Dag("fine")
        {
            protected override void Define(DagBuilder dag) => dag.Task("a", ctx => { });
        }
        """;

    [Theory]
    [InlineData(new[] { "runs", "list", "sales_report", "--limit", "99999999999999" }, "--limit '99999999999999' is not a whole number from -2147483648 to 2147483647.")]
    [InlineData(new[] { "tasks", "logs", "manual__x", "extract", "--try", "abc" }, "--try 'abc' is not a whole number")]
    [InlineData(new[] { "dags", "trigger", "sales_report", "--date", "0001-01-01" }, "--date 0001-01-01T00:00:00Z is outside the supported range 1900-01-01 to 9000-01-01; give a date within it.")]
    [InlineData(new[] { "dags", "backfill", "sales_report", "--from", "2024-01-01", "--to", "9999-12-31", "--dry-run" }, "--to 9999-12-31T00:00:00Z is outside the supported range 1900-01-01 to 9000-01-01")]
    [InlineData(new[] { "dags", "trigger", "orders_etl", "--conf", "{\"maxRejectedPercent\": 1e999}" }, "--conf: The run conf fails OrdersEtlParams's validation: a value is outside what its checks can compare")]
    [InlineData(new[] { "dags", "trigger", "orders_etl", "--conf", "{\"injectNewStatus\": \"a\\u0000b\"}" }, "--conf: The run conf holds a NUL character (\\u0000) at $.injectNewStatus, which the metadata database cannot store.")]
    [InlineData(new[] { "dags", "show", "x'; DROP TABLE dag_runs; --" }, "No DAG 'x'; DROP TABLE dag_runs; --'. Known DAGs:")]
    [InlineData(new[] { "frobnicate" }, "Unrecognized command or argument 'frobnicate'")]
    public async Task HostileArgument_ExitsTwoWithAClearMessage(string[] args, string expected)
    {
        var result = await CliHarness.RunAsync(NoSettings, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Fact]
    public async Task ConfOfTwoMegabytes_IsRefusedNamingTheLimit()
    {
        var conf = $"{{\"injectNewStatus\": \"{new string('x', 2 << 20)}\"}}";

        var result = await CliHarness.RunAsync(NoSettings, "dags", "trigger", "orders_etl", "--conf", conf);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(FormattableString.Invariant($"--conf: The run conf is {Encoding.UTF8.GetByteCount(conf):N0} bytes; the limit is 1,048,576 bytes (1 MiB). Put large inputs in a table or a file"), result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Fact]
    public async Task ShellMetacharactersInAnId_AreNeverRun()
    {
        var marker = Path.Combine(_folder, "pwned");

        var result = await CliHarness.RunAsync(NoSettings, "dags", "show", $"$(touch {marker})`touch {marker}`");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"No DAG '$(touch {marker})`touch {marker}`'.", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [InlineData("garbage;;=", "ConnectionStrings:Metadata is not a valid PostgreSQL connection string (it holds a part that is not key=value). Write it as Host=")]
    [InlineData("Host=127.0.0.1;Port=notaport;Password=s3cret-pw", "ConnectionStrings:Metadata is not a valid PostgreSQL connection string (Couldn't set port")]
    public async Task MetadataConnectionString_Garbage_NamesTheSettingAndTheForm(string connectionString, string expected)
    {
        var result = await CliHarness.RunAsync(new Dictionary<string, string?> { ["ConnectionStrings:Metadata"] = connectionString }, "runs", "list", "sales_report");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Fact]
    public async Task MetadataServer_NotListening_SaysWhichServerAndWhatToCheck_WithoutThePassword()
    {
        var port = FreePort();

        var result = await CliHarness.RunAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:Metadata"] = $"Host=127.0.0.1;Port={port};Database=meta;Username=de;Password=s3cret-pw;Timeout=5" },
            "runs", "list", "sales_report");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Cannot use the metadata database 127.0.0.1:{port}/meta (ConnectionStrings:Metadata): ", result.Error, StringComparison.Ordinal);
        Assert.Contains("Check that PostgreSQL runs there and that the host, port, database, username and password are right.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Fact]
    public async Task MetadataDatabase_ThatDoesNotExist_IsNamedWithTheServersReason()
    {
        var connection = new NpgsqlConnectionStringBuilder(fixture.WarehouseConnectionString) { Database = "no_such_database_here" }.ConnectionString;

        var result = await CliHarness.RunAsync(new Dictionary<string, string?> { ["ConnectionStrings:Metadata"] = connection }, "runs", "list", "sales_report");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/no_such_database_here (ConnectionStrings:Metadata): 3D000: database \"no_such_database_here\" does not exist.", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Fact]
    public async Task XComMaxBytes_NotANumber_NamesTheKey()
    {
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["DataEngineer:XComMaxBytes"] = "lots" };

        var result = await CliHarness.RunAsync(settings, "dags", "test", "sales_report", "--date", "2024-01-01");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("DataEngineer:XComMaxBytes is 'lots'; set a positive whole number of bytes (default 1048576).", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("0")]
    public async Task LogFlushIntervalMs_NotAPositiveNumber_NamesTheKey(string value)
    {
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["DataEngineer:LogFlushIntervalMs"] = value };

        var result = await CliHarness.RunAsync(settings, "dags", "test", "sales_report", "--date", "2024-01-01");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"DataEngineer:LogFlushIntervalMs is '{value}'; set a positive whole number of milliseconds (default 500).", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Fact]
    public async Task DagsFolder_ThatIsAFile_IsAnImportErrorSayingSo()
    {
        var file = Path.Combine(_folder, "not-a-folder.cs");
        await File.WriteAllTextAsync(file, GoodDag);

        var result = await CliHarness.RunFolderOnlyAsync(NoSettings, "dags", "list-import-errors", "--dags-folder", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"The DAGs folder '{file}' is a file, not a folder. Point DataEngineer:DagsFolder (or --dags-folder) at the folder", result.Out, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Fact]
    public async Task DagFile_NotUtf8_IsAnImportErrorWithTheLine_AndTheOtherDagsLoad()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "fine.cs"), GoodDag);
        var latin1 = Encoding.Latin1.GetBytes("using DataEngineer.Sdk;\npublic sealed class Cafe() : Dag(\"cafe\", new DagOptions { Description = \"caf\u00e9\" })\n{\n    protected override void Define(DagBuilder dag) => dag.Task(\"a\", ctx => { });\n}\n");
        await File.WriteAllBytesAsync(Path.Combine(_folder, "cafe.cs"), latin1);

        var errors = await ImportErrorsAsync();
        var listed = await CliHarness.RunFolderOnlyAsync(Folder(), "dags", "list", "--json");

        Assert.Equal(1, errors.ExitCode);
        Assert.Contains("cafe.cs(2): the file is not UTF-8 text (byte 0xE9 at line 2). Save it as UTF-8.", errors.Out, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(listed.Out);
        Assert.Equal(["fine"], json.RootElement.GetProperty("dags").EnumerateArray().Select(d => d.GetProperty("dag_id").GetString()));
    }

    [Fact]
    public async Task DagFile_LargerThanFourMegabytes_IsAnImportErrorBeforeCompiling()
    {
        var huge = new StringBuilder(GoodDag.Replace("Fine", "Huge", StringComparison.Ordinal).Replace("\"fine\"", "\"huge\"", StringComparison.Ordinal));
        while (huge.Length <= 4 << 20)
        {
            huge.Append("// ").Append('x', 1000).Append('\n');
        }

        await File.WriteAllTextAsync(Path.Combine(_folder, "huge.cs"), huge.ToString());

        var errors = await ImportErrorsAsync();

        Assert.Equal(1, errors.ExitCode);
        Assert.Contains(FormattableString.Invariant($"huge.cs: the file is {huge.Length:N0} bytes; a DAG file may be at most 4,194,304 bytes (4 MiB). Keep data out of DAG files: read it in a task."), errors.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DagFile_DoingIoWhileItsGraphIsBuilt_IsAnImportErrorNamingTheFailure()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "reads.cs"), """
            using DataEngineer.Sdk;

            public sealed class Reads() : Dag("reads")
            {
                protected override void Define(DagBuilder dag)
                {
                    var settings = System.IO.File.ReadAllText("/nonexistent/dataengineer/settings.json");
                    dag.Task("a", ctx => { });
                }
            }
            """);

        var errors = await ImportErrorsAsync();

        Assert.Equal(1, errors.ExitCode);
        Assert.Contains("reads.cs: Reads threw while its graph was built: DirectoryNotFoundException: Could not find a part of the path '/nonexistent/dataengineer/settings.json'.", errors.Out, StringComparison.Ordinal);
        Assert.False(errors.HasStackTrace, errors.Out);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Dictionary<string, string?> Folder() => new() { ["DataEngineer:DagCacheFolder"] = "", ["DataEngineer:DagsFolder"] = _folder };

    private Task<CliResult> ImportErrorsAsync() => CliHarness.RunFolderOnlyAsync(Folder(), "dags", "list-import-errors");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
