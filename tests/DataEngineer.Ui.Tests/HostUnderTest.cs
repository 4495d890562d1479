using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DataEngineer.Core.Storage;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using DataEngineer.Ui.Security;
using Npgsql;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>
/// A real <c>dataengineer standalone</c> process (scheduler, worker and web) on a free port against a fresh
/// PostgreSQL database, with the test DAGs, three users (admin, operator, viewer) and an API key per role.
/// </summary>
public sealed class HostUnderTest : IAsyncLifetime
{
    public const string Password = "correct horse battery staple";
    public const string AdminKey = "admin-key-0123456789abcdef0123";
    public const string OperatorKey = "operator-key-0123456789abcdef01";
    public const string TraceUrl = "http://jaeger.example:16686/trace/{traceId}";
    public const string ViewerKey = "viewer-key-0123456789abcdef0123";

    /// <summary>The password of the <c>leaky</c> connection (DATAENGINEER_CONN_LEAKY) that <see cref="TestDags.SecretLeakDag"/> logs.</summary>
    public const string LeakyPassword = "conn-Pw-7731xq";

    private readonly PostgresDatabaseFixture _database = new();
    private readonly StringBuilder _output = new();
    private NpgsqlDataSource? _dataSource;
    private Process? _process;

    private readonly string _dagsFolder = Path.Combine(Path.GetTempPath(), "dataengineer-ui-dags-" + Guid.NewGuid().ToString("N"));

    public IMetadataStore Store { get; private set; } = null!;

    /// <summary>While this file exists, the folder DAG's <c>linger</c> task keeps running.</summary>
    public string HoldFile => Path.Combine(_dagsFolder, "linger.hold");

    /// <summary>The source of the DAG in the host's DAGs folder (<see cref="FolderDag"/>).</summary>
    public string FolderDagSource => FolderDag.Source(HoldFile);

    /// <summary>More settings for this host (as environment variables), e.g. an OpenID Connect provider.</summary>
    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>More DAG files (file name, C# source) written into the host's DAGs folder before it starts.</summary>
    public IReadOnlyDictionary<string, string> DagFiles { get; init; } = new Dictionary<string, string>();

    /// <summary>The role verb to start (default <c>standalone</c>), e.g. <c>webserver</c> for a second web replica.</summary>
    public string Verb { get; init; } = "standalone";

    /// <summary>Another host whose database this one shares (a second replica, a restart), instead of a fresh one.</summary>
    public HostUnderTest? SharesDatabaseWith { get; init; }

    /// <summary>The metadata database's connection string.</summary>
    public string ConnectionString => SharesDatabaseWith?.ConnectionString ?? _database.ConnectionString;

    public Uri BaseUrl { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        if (SharesDatabaseWith is null)
        {
            await _database.InitializeAsync();
        }

        _dataSource = NpgsqlDataSource.Create(ConnectionString);
        await SchemaMigrator.MigrateAsync(_dataSource);
        await JobStoreSchemas.InstallAsync(ConnectionString);
        Store = new PostgresMetadataStore(_dataSource);
        Directory.CreateDirectory(_dagsFolder);
        await File.WriteAllTextAsync(Path.Combine(_dagsFolder, FolderDag.FileName), FolderDagSource);
        foreach (var (name, source) in DagFiles)
        {
            await File.WriteAllTextAsync(Path.Combine(_dagsFolder, name), source);
        }

        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        await StartProcessAsync(port);
    }

    /// <summary>Stops the host process as a deployment does (SIGTERM) and starts it again with the same configuration and port.</summary>
    public async Task RestartAsync()
    {
        await StopProcessAsync();
        await StartProcessAsync(BaseUrl.Port);
    }

    /// <summary>Polls until the condition holds, failing with the host's output after the limit.</summary>
    public async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline || _process?.HasExited == true)
            {
                throw new TimeoutException($"Timed out waiting for {what}. Host output:{System.Environment.NewLine}{Output}");
            }

            await Task.Delay(200);
        }
    }

    public async Task<RunSnapshot> WaitForRunAsync(RunKey key, Func<RunSnapshot, bool> done, string what)
    {
        RunSnapshot? snapshot = null;
        await WaitForAsync(async () => (snapshot = await Store.GetRunAsync(key)) is { } s && done(s), TimeSpan.FromSeconds(60), what);
        return snapshot!;
    }

    /// <summary>
    /// Runs the <c>dataengineer</c> CLI as another machine would: a process of its own with this host's metadata database and
    /// an empty home folder (so nothing it needs may come from the home folder the host used).
    /// </summary>
    public async Task<(int ExitCode, string Output, string Error)> RunCliAsync(params string[] args)
    {
        var home = Directory.CreateTempSubdirectory("dataengineer-cli-home-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dataengineer.dll"));
            foreach (var argument in args)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["ConnectionStrings__Metadata"] = ConnectionString;
            start.Environment["HOME"] = home;
            using var cli = Process.Start(start)!;
            var output = cli.StandardOutput.ReadToEndAsync();
            var errors = cli.StandardError.ReadToEndAsync();
            await cli.WaitForExitAsync();
            return (cli.ExitCode, await output, await errors);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    public HttpClient Client(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        await StopProcessAsync();
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (SharesDatabaseWith is null)
        {
            await _database.DisposeAsync();
        }

        Directory.Delete(_dagsFolder, recursive: true);
    }

    private async Task StartProcessAsync(int port)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dataengineer.dll"));
        start.ArgumentList.Add(Verb);
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in Environment().Concat(ExtraEnvironment))
        {
            start.Environment[key] = value;
        }

        // Only this start's output says it is running (a restarted host's output holds the first start's too).
        var from = Output.Length;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitForAsync(() => Task.FromResult(Output.IndexOf("is running", from, StringComparison.Ordinal) >= 0), TimeSpan.FromSeconds(240), "the host to start");
    }

    private async Task StopProcessAsync()
    {
        if (_process is { HasExited: false })
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process?.Dispose();
        _process = null;
    }

    private Dictionary<string, string> Environment()
    {
        var hash = UserDirectory.Hash(Password);
        return new Dictionary<string, string>
        {
            ["ConnectionStrings__Metadata"] = ConnectionString,
            ["ConnectionStrings__Warehouse"] = ConnectionString,
            ["DataEngineer__DagAssemblies"] = typeof(TestDags.UiFlakyDag).Assembly.Location,
            ["DataEngineer__DagsFolder"] = _dagsFolder,
            ["DataEngineer__DagCacheFolder"] = "",
            ["DataEngineer__Ui__TraceUrl"] = TraceUrl,
            // Alerts link to this host's pages.
            ["DataEngineer__BaseUrl"] = BaseUrl.ToString(),
            ["DataEngineer__DagsArePausedAtCreation"] = "false",
            ["DataEngineer__Web__Users__ada__PasswordHash"] = hash,
            ["DataEngineer__Web__Users__ada__Role"] = "admin",
            ["DataEngineer__Web__Users__olga__PasswordHash"] = hash,
            ["DataEngineer__Web__Users__olga__Role"] = "operator",
            ["DataEngineer__Web__Users__vic__PasswordHash"] = hash,
            ["DataEngineer__Web__Users__vic__Role"] = "viewer",
            ["DataEngineer__Web__ApiKeys__ci__Key"] = AdminKey,
            ["DataEngineer__Web__ApiKeys__ci__Role"] = "admin",
            ["DataEngineer__Web__ApiKeys__ops__Key"] = OperatorKey,
            ["DataEngineer__Web__ApiKeys__ops__Role"] = "operator",
            ["DataEngineer__Web__ApiKeys__dash__Key"] = ViewerKey,
            ["DataEngineer__Web__ApiKeys__dash__Role"] = "viewer",
            ["Logging__LogLevel__Default"] = "Warning",
            ["DATAENGINEER_CONN_LEAKY"] = $"postgresql://leaker:{LeakyPassword}@db.example:5432/dw",
            // Every test logs in from loopback as one of three users: the login limit is tested on a host of its own.
            ["DataEngineer__Web__Login__AttemptsPerUser"] = "10000",
            ["DataEngineer__Web__Login__AttemptsPerAddress"] = "10000",
        };
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
