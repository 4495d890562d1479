using DataEngineer.Sdk.Testing;
using Xunit;

namespace DataEngineer.Sdk.Tests;

/// <summary>Connections and variables as DAG authors use them in unit tests, and the connection URI format.</summary>
public sealed class ConnectionsAndVariablesTests
{
    private sealed class UsesSecretsDag() : Dag("uses_secrets")
    {
        protected override void Define(DagBuilder dag) =>
            dag.Task("read", async ctx =>
            {
                var crm = ctx.GetConnection("crm");
                var size = await ctx.GetVariableAsync<int>("batch_size");
                return $"{crm.Host}:{crm.Port}/{crm.Database} as {crm.Login} x{size} {ctx.GetConnectionString("crm").Contains("Password=p@ss", StringComparison.Ordinal)}";
            });
    }

    [Fact]
    public async Task TaskTestEnvironment_SuppliesConnectionsAndVariables()
    {
        var env = new TaskTestEnvironment();
        env.AddConnection("crm", "postgresql://etl:p%40ss@crm.local:6543/sales");
        env.Variables["batch_size"] = "250";

        Assert.Equal("crm.local:6543/sales as etl x250 True", await env.RunAsync<string>(new UsesSecretsDag(), "read"));
    }

    [Fact]
    public async Task TaskTestEnvironment_UnknownNames_SayHowToAddThem()
    {
        var env = new TaskTestEnvironment();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => env.RunAsync(new UsesSecretsDag(), "read"));
        Assert.Contains("AddConnection(\"crm\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_ToString_MasksThePassword()
    {
        var connection = ConnectionUri.Parse("crm", "postgresql://etl:hunter2@crm.local/sales?sslmode=require");

        Assert.Equal("postgresql://etl:***@crm.local/sales?sslmode=require", connection.ToString());
        Assert.Equal("hunter2", connection.Password);
        Assert.Equal("require", connection.Extras["sslmode"]);
    }

    [Fact]
    public void ConnectionUri_BadPort_NamesThePartWithoutQuotingIt()
    {
        var error = Assert.Throws<ConnectionUriException>(() => ConnectionUri.Parse("x", "postgresql://etl:hunter2@db:hunter3/sales"));

        Assert.Equal("port", error.Part);
        Assert.DoesNotContain("hunter", error.Message, StringComparison.Ordinal);
    }
}
