using DataEngineer.Host.Cli;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Tests;

/// <summary>Runs the real CLI in process with its own configuration, capturing what it prints.</summary>
public static class CliHarness
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = new CliEnvironment(configuration, output, error,
            [typeof(Dags.OrdersEtl.OrdersEtlDag).Assembly, typeof(CliHarness).Assembly], Interactive: false);
        var code = await CliApp.RunAsync(args, env);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
