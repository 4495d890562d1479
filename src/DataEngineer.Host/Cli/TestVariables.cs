using System.CommandLine;
using DataEngineer.Core.Governance;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Variables;
using DataEngineer.Host.Hosting;
using DataEngineer.Postgres.Metadata;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DataEngineer.Host.Cli;

/// <summary>
/// The variables <c>dags test</c> and <c>tasks test</c> give their tasks, as <c>airflow dags test</c> does: those of the
/// metadata database when <c>ConnectionStrings:Metadata</c> is set and reachable (read only; secret ones decrypted with its
/// key ring), with <c>--var KEY=VALUE</c> given on the command line winning over a stored value of the same key (and
/// masked when its key looks secret).
/// </summary>
internal sealed class TestVariables : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _metadata;
    private readonly ServiceProvider? _protection;

    private TestVariables(NpgsqlDataSource? metadata, ServiceProvider? protection)
    {
        _metadata = metadata;
        _protection = protection;
        Cipher = protection is null ? null : new VariableProtection(protection.GetRequiredService<IDataProtectionProvider>());
    }

    /// <summary>Decrypts the metadata database's secret variables; null when they were not read.</summary>
    public IVariableCipher? Cipher { get; }

    public static Option<string[]> CreateOption() => new("--var")
    {
        Description = "A variable for the tasks, KEY=VALUE (repeat for more). Wins over the metadata database's variable of the same key, read when ConnectionStrings:Metadata is set.",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Copies the variables into <paramref name="store"/>, the run's in-memory store.</summary>
    /// <exception cref="CliError">A <c>--var</c> is malformed.</exception>
    public static async Task<TestVariables> LoadAsync(CliEnvironment env, IVariableStore store, IReadOnlyList<string> pairs, CancellationToken ct)
    {
        var given = pairs.Select(Parse).ToList();
        var loaded = await ReadMetadataAsync(env, store, ct);
        foreach (var (key, value) in given)
        {
            if (SensitiveNames.IsSensitive(key))
            {
                SecretValues.Add(value);
            }

            await store.SetVariableAsync(new StoredVariable(key, value, IsSecret: false, "--var", DateTimeOffset.UtcNow, "--var"), ct);
        }

        return loaded;
    }

    public async ValueTask DisposeAsync()
    {
        if (_protection is not null)
        {
            await _protection.DisposeAsync();
        }

        if (_metadata is not null)
        {
            await _metadata.DisposeAsync();
        }
    }

    private static async Task<TestVariables> ReadMetadataAsync(CliEnvironment env, IVariableStore store, CancellationToken ct)
    {
        var connectionString = env.Configuration.GetConnectionString("Metadata");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return new TestVariables(null, null);
        }

        ConnectionSettings.Check(connectionString, "Metadata");
        var metadata = NpgsqlDataSource.Create(connectionString);
        try
        {
            foreach (var variable in await new PostgresMetadataStore(metadata).ListVariablesAsync(ct))
            {
                await store.SetVariableAsync(variable, ct);
            }

            return new TestVariables(metadata, EngineDataProtection.CreateServices(metadata));
        }
        catch (NpgsqlException e) when (!ct.IsCancellationRequested)
        {
            await metadata.DisposeAsync();
            await env.Error.WriteLineAsync($"Warning: the metadata database's variables were not read. {ConnectionSettings.Unreachable(connectionString, "Metadata", e).Message} Tasks get only the --var variables.");
            return new TestVariables(null, null);
        }
    }

    private static (string Key, string Value) Parse(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals < 1)
        {
            throw new CliError($"--var '{pair}': give a variable as KEY=VALUE, e.g. --var batch_size=500.");
        }

        var key = pair[..equals];
        try
        {
            VariableKey.Check(key);
        }
        catch (ArgumentException e)
        {
            throw new CliError($"--var '{pair}': {e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)}");
        }

        return (key, pair[(equals + 1)..]);
    }
}
