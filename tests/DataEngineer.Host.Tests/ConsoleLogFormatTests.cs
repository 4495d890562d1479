using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>
/// The engine's console log follows <c>Logging:Console:FormatterName</c> (no hard-wired formatter): a worker started with
/// <c>json</c> writes one JSON object per line, and its operator-facing events carry their event ids.
/// </summary>
public sealed class ConsoleLogFormatTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(dataSource);
        await JobStoreSchemas.InstallAsync(database.ConnectionString);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Worker_JsonFormatter_WritesParsableLines_WithTheProcessAndWorkerStartedEventIds()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dataengineer.dll"));
        start.ArgumentList.Add("worker");
        start.Environment["ConnectionStrings__Metadata"] = database.ConnectionString;
        start.Environment["ConnectionStrings__Warehouse"] = database.ConnectionString;
        start.Environment["DataEngineer__DagsFolder"] = "";
        start.Environment["Logging__Console__FormatterName"] = "json";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
            List<JsonElement> events;
            while (!(events = JsonLines(output)).Any(e => EventId(e) == 1000) || !events.Any(e => EventId(e) == 1003))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"No ProcessStarted (1000) and WorkerStarted (1003) JSON events. The worker printed:{Environment.NewLine}{Text(output)}");
                }

                await Task.Delay(200);
            }

            var started = events.Single(e => EventId(e) == 1000);
            Assert.Equal("Information", started.GetProperty("LogLevel").GetString());
            Assert.Equal("DataEngineer.Host", started.GetProperty("Category").GetString());
            Assert.Equal("worker", started.GetProperty("State").GetProperty("Role").GetString());
            Assert.StartsWith("DataEngineer worker ", started.GetProperty("Message").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("Worker ", events.First(e => EventId(e) == 1003).GetProperty("Message").GetString(), StringComparison.Ordinal);
            // The simple formatter's "info: Category[id]" lines are gone: every log line is JSON.
            Assert.DoesNotContain("info: ", Text(output), StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int? EventId(JsonElement line) => line.TryGetProperty("EventId", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt32() : null;

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static List<JsonElement> JsonLines(StringBuilder output) =>
        Text(output).Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
}
