using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using DataEngineer.Postgres.Local;
using Npgsql;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>db shell [--warehouse] [-- psql arguments]</c>: runs psql on the metadata (or warehouse) database. The connection
/// goes to psql through its environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE), never its command
/// line, where other users could read the password in the process list.
/// </summary>
internal static class DbShellCommand
{
    public static Command Create(CliEnvironment env)
    {
        var warehouse = DbTarget.CreateOption();
        var psqlArguments = new Argument<string[]>("psql-arguments") { Description = "Arguments for psql, after '--' (for example: -- -c \"select 1\").", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("shell", "Run psql on the metadata database (or --warehouse); the password is passed in psql's environment, never on its command line.") { warehouse, psqlArguments };
        command.SetAction(async (result, ct) =>
        {
            var psql = Psql(env);
            await using var target = await DbTarget.OpenAsync(env, result.GetValue(warehouse), ct);
            var start = new ProcessStartInfo(psql) { UseShellExecute = false, RedirectStandardOutput = !env.Interactive, RedirectStandardError = !env.Interactive };
            foreach (var argument in result.GetValue(psqlArguments) ?? [])
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (name, value) in Environment(target.Connection))
            {
                start.Environment[name] = value;
            }

            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (Win32Exception e)
            {
                throw new CliError($"psql ('{psql}') could not be started: {e.Message}. {InstallHint}");
            }

            using (process)
            {
                var copies = env.Interactive
                    ? []
                    : new[] { CopyAsync(process.StandardOutput, env.Out), CopyAsync(process.StandardError, env.Error) };
                await process.WaitForExitAsync(ct);
                await Task.WhenAll(copies);
                if (process.ExitCode != 0)
                {
                    await env.Error.WriteLineAsync($"psql exited with code {process.ExitCode} on the {target.Name} database.");
                    return ExitCodes.RunFailed;
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private const string InstallHint = "Install the PostgreSQL client (Debian: apt-get install postgresql-client) or point DataEngineer:PostgresBinDirectory at a folder holding psql.";

    /// <summary>The libpq environment variables for <paramref name="connection"/>.</summary>
    public static IReadOnlyDictionary<string, string> Environment(NpgsqlConnectionStringBuilder connection)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PGHOST"] = connection.Host ?? "",
            ["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGDATABASE"] = connection.Database ?? "",
            ["PGUSER"] = connection.Username ?? "",
            ["PGAPPNAME"] = "dataengineer db shell",
        };
        if (connection.Password is { Length: > 0 } password)
        {
            variables["PGPASSWORD"] = password;
        }

        if (connection.Passfile is { Length: > 0 } passfile)
        {
            variables["PGPASSFILE"] = passfile;
        }

        if (connection.SslMode != SslMode.Prefer)
        {
            variables["PGSSLMODE"] = connection.SslMode switch
            {
                SslMode.VerifyCA => "verify-ca",
                SslMode.VerifyFull => "verify-full",
                var mode => mode.ToString().ToLowerInvariant(),
            };
        }

        return variables;
    }

    // psql from the configured PostgreSQL binaries, then the machine's server packages, then PATH.
    private static string Psql(CliEnvironment env)
    {
        var configured = env.Configuration["DataEngineer:PostgresBinDirectory"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var path = Path.Combine(configured, "psql");
            return File.Exists(path) ? path : throw new CliError($"DataEngineer:PostgresBinDirectory is '{configured}', which holds no psql. {InstallHint}");
        }

        return PostgresBinaries.Find(null) is { } bin && File.Exists(Path.Combine(bin, "psql")) ? Path.Combine(bin, "psql") : "psql";
    }

    private static async Task CopyAsync(StreamReader from, TextWriter to)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await from.ReadAsync(buffer)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read));
        }
    }
}
