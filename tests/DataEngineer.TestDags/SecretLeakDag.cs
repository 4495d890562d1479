using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.TestDags;

/// <summary>
/// For the masking tests: a careless task that logs its connection's password, a secret variable and its run conf,
/// then throws an error quoting the password. It logs each secret reversed too, which proves it received them intact.
/// </summary>
public sealed class SecretLeakDag() : Dag("secret_leak", new DagOptions
{
    Description = "Logs and throws its secrets",
    Alerts = new AlertOptions { Recipients = ["oncall@example.com"], On = AlertEvents.Failure },
})
{
    public const string ConnectionName = "leaky";
    public const string VariableKey = "leak_api_token";

    protected override void Define(DagBuilder dag) =>
        dag.Task("leak", async ctx =>
        {
            var connection = ctx.GetConnection(ConnectionName);
            var token = await ctx.GetVariableAsync(VariableKey);
            var conf = System.Text.Json.JsonDocument.Parse(ctx.Conf.Json).RootElement.GetProperty("password").GetString() ?? "";
            ctx.Logger.LogInformation("Connecting to {Connection} with password {Secret}", connection.ToConnectionString(), connection.Password);
#pragma warning disable CA2254 // The careless task under test builds its line by hand, as careless code does.
            ctx.Logger.LogInformation("Calling the API with " + token + " and the conf " + ctx.Conf.Json);
#pragma warning restore CA2254
            ctx.Logger.LogInformation("Reversed: {A} {B} {C}", Reverse(connection.Password!), Reverse(token), Reverse(conf));
            throw new InvalidOperationException($"login failed for {connection.Login} with {connection.Password} (token {token}, conf {conf})");
        });

    private static string Reverse(string text) => new([.. text.Reverse()]);
}
