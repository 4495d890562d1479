using DataEngineer.Host.Cli;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Tests;

/// <summary>Runs the real CLI in process with its own configuration, capturing what it prints.</summary>
public static class CliHarness
{
    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] args) =>
        RunAsync(settings, [typeof(Dags.OrdersEtl.OrdersEtlDag).Assembly, typeof(CliHarness).Assembly], args);

    /// <summary>As <see cref="RunAsync(IReadOnlyDictionary{string, string?}, string[])"/>, with no DAG assemblies: only the DAGs folder.</summary>
    public static Task<CliResult> RunFolderOnlyAsync(IReadOnlyDictionary<string, string?> settings, params string[] args) =>
        RunAsync(settings, [], args);

    private static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> settings, IReadOnlyList<System.Reflection.Assembly> dagAssemblies, string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = new CliEnvironment(configuration, output, error, dagAssemblies, Interactive: false);
        var code = await CliApp.RunAsync(args, env);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
