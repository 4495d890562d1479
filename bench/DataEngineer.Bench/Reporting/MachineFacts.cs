using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Npgsql;

namespace DataEngineer.Bench.Reporting;

/// <summary>What the figures were measured on: they mean little without it.</summary>
public sealed record MachineFacts(
    int ProcessorCount, string Nproc, string Cpu, string Memory, string Os, string Runtime, string Postgres, string PostgresDurability, string Packages)
{
    public static async Task<MachineFacts> ReadAsync(string connectionString, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return new MachineFacts(
            Environment.ProcessorCount,
            await NprocAsync(),
            ProcLine("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
            ProcLine("/proc/meminfo", "MemTotal") ?? "unknown",
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            await ScalarAsync(dataSource, "SELECT version()", ct),
            $"fsync={await ScalarAsync(dataSource, "SHOW fsync", ct)}, synchronous_commit={await ScalarAsync(dataSource, "SHOW synchronous_commit", ct)}",
            string.Join(", ", new[] { typeof(Hangfire.JobStorage), typeof(Hangfire.PostgreSql.PostgreSqlStorage), typeof(NpgsqlConnection) }.Select(VersionOf)));
    }

    private static async Task<string> NprocAsync()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("nproc") { RedirectStandardOutput = true })!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return output.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "n/a (no nproc)";
        }
    }

    private static string? ProcLine(string file, string key) => File.Exists(file)
        ? File.ReadLines(file).Where(l => l.StartsWith(key, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault()
        : null;

    private static async Task<string> ScalarAsync(NpgsqlDataSource dataSource, string sql, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }

    private static string VersionOf(Type type)
    {
        var assembly = type.Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "?";
        // Drop the "+commit" suffix the SDK appends.
        return $"{assembly.GetName().Name} {version.Split('+')[0]}";
    }
}
