using System.Text;
using System.Text.RegularExpressions;
using DataEngineer.Core.Validation;

namespace DataEngineer.Host.Cli;

/// <summary>
/// The files <c>dataengineer init</c> writes. The DAG lives in a subfolder of <c>dags/</c> (one compilation unit for
/// the host, so its files share types); the project file compiles the same files with the same packages, so what
/// builds in the editor builds in the host.
/// </summary>
internal sealed record DagProjectTemplate(string Name, string DagId, string SdkVersion)
{
    /// <summary>The template for a project called <paramref name="requestedName"/> (made a C# identifier).</summary>
    /// <exception cref="CliError">No identifier can be made of the name.</exception>
    public static DagProjectTemplate For(string requestedName, string sdkVersion)
    {
        var name = string.Concat(Regex.Split(requestedName, "[^A-Za-z0-9]+")
            .Where(part => part.Length > 0)
            .Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
        if (name.Length == 0 || !char.IsAsciiLetter(name[0]))
        {
            throw new CliError($"'{requestedName}' cannot name a project: it needs ASCII letters and digits, starting with a letter. Pass one with --name, e.g. --name SalesDags.");
        }

        var dagId = SnakeCase(name);
        if (!Identifiers.IsValidId(dagId))
        {
            throw new CliError($"'{requestedName}' gives the DAG id '{dagId}', which is not valid. Pass a shorter name with --name, e.g. --name SalesDags.");
        }

        return new DagProjectTemplate(name, dagId, sdkVersion);
    }

    /// <summary>Each file's path relative to the project folder, and its text.</summary>
    public IReadOnlyList<(string Path, string Text)> Files =>
    [
        ($"{Name}.csproj", ProjectFile),
        ($"dags/{Name}/{Name}Dag.cs", DagFile),
        ($"dags/{Name}/{Name}Params.cs", ParamsFile),
        ($"dags/{Name}/Sale.cs", SaleFile),
        ($"tests/{Name}.Tests.csproj", TestProjectFile),
        ($"tests/{Name}DagTests.cs", TestFile),
        (".editorconfig", EditorConfig),
        (".gitignore", "bin/\nobj/\n*.user\n.vs/\n.idea/\nTestResults/\n"),
        ("README.md", Readme),
    ];

    private static string SnakeCase(string pascal)
    {
        var text = new StringBuilder();
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]) && !char.IsUpper(pascal[i - 1]))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(pascal[i]));
        }

        return text.ToString();
    }

    private string ProjectFile => $$"""
        <Project Sdk="Microsoft.NET.Sdk">
          <!-- The DAGs the host loads are the files under dags/ (run it with dags/ as its DAGs folder). This project
               compiles the same files against the same packages, for the editor, the build and the tests. -->
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
            <IsPackable>false</IsPackable>
          </PropertyGroup>
          <ItemGroup>
            <Compile Include="dags/**/*.cs" Exclude="dags/**/bin/**;dags/**/obj/**" />
          </ItemGroup>
          <ItemGroup>
            <PackageReference Include="DataEngineer.Sdk" Version="{{SdkVersion}}" />
            <PackageReference Include="DataEngineer.Sdk.Postgres" Version="{{SdkVersion}}" />
          </ItemGroup>
        </Project>

        """;

    private string DagFile => $$"""
        using DataEngineer.Sdk;
        using Microsoft.Extensions.Logging;

        namespace {{Name}};

        /// <summary>An example DAG: extract the interval's sales, keep the large ones, report their total.</summary>
        public sealed class {{Name}}Dag() : Dag<{{Name}}Params>("{{DagId}}", new DagOptions
        {
            Description = "Example: the day's large sales and their total",
            Owner = "data-team",
            Schedule = "@daily",
            StartDate = new DateTime(2024, 1, 1),
            DefaultTaskOptions = new TaskOptions { Retries = 2, RetryDelay = TimeSpan.FromMinutes(1) },
        })
        {
            protected override void Define(DagBuilder dag)
            {
                // Replace with a query of your source for ctx.DataInterval (ctx.GetConnectionString("Warehouse") for PostgreSQL).
                var sales = dag.Task("extract_sales", ctx =>
                {
                    Sale[] rows = [new("alice", 120m), new("bob", 8.5m), new("carol", 42m)];
                    ctx.Logger.LogInformation("Extracted {Count} sales for {Interval}", rows.Length, ctx.DataInterval);
                    ctx.Rows.AddRead(rows.Length);
                    return rows;
                });

                // Receives extract_sales' value, typed: passing it created the edge.
                var large = dag.Task("keep_large", sales, (ctx, rows) =>
                {
                    var minimum = ctx.Params<{{Name}}Params>().MinAmount;
                    var kept = rows.Where(s => s.Amount >= minimum).ToArray();
                    ctx.Rows.AddRejected(rows.Length - kept.Length);
                    return kept;
                });

                dag.Task("report_total", large, (ctx, rows) =>
                {
                    var total = rows.Sum(s => s.Amount);
                    ctx.Logger.LogInformation("{Count} large sales, {Total} in all", rows.Length, total);
                    return total;
                });
            }
        }

        """;

    private string ParamsFile => $$"""
        using System.ComponentModel.DataAnnotations;

        namespace {{Name}};

        /// <summary>The run conf of <see cref="{{Name}}Dag"/>: <c>--conf '{"minAmount": 50}'</c> when triggering.</summary>
        public sealed record {{Name}}Params
        {
            /// <summary>Sales below this amount are left out.</summary>
            [Range(0, 1_000_000)]
            public decimal MinAmount { get; init; } = 10m;
        }

        """;

    private string SaleFile => $$"""
        namespace {{Name}};

        /// <summary>One sale, as extract_sales returns it (stored as JSON between tasks).</summary>
        public sealed record Sale(string Customer, decimal Amount);

        """;

    private string TestProjectFile => $$"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <IsPackable>false</IsPackable>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
            <PackageReference Include="xunit" Version="2.9.3" />
            <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
          </ItemGroup>
          <ItemGroup>
            <ProjectReference Include="../{{Name}}.csproj" />
          </ItemGroup>
        </Project>

        """;

    private string TestFile => $$"""
        using DataEngineer.Sdk.Testing;
        using Xunit;

        namespace {{Name}}.Tests;

        /// <summary>The example DAG's tasks, run by TaskTestEnvironment: no database, no scheduler.</summary>
        public class {{Name}}DagTests
        {
            [Fact]
            public async Task KeepLarge_LeavesOutSalesBelowTheMinimum()
            {
                var env = new TaskTestEnvironment { Conf = "{\"minAmount\": 50}" };
                env.SetUpstreamValue("extract_sales", new[] { new Sale("alice", 120m), new Sale("bob", 8.5m) });

                var kept = await env.RunAsync<Sale[]>(new {{Name}}Dag(), "keep_large");

                Assert.Equal(["alice"], kept!.Select(s => s.Customer));
                Assert.Equal(1, env.Rows.Rejected);
            }

            [Fact]
            public async Task ReportTotal_AddsTheAmounts()
            {
                var env = new TaskTestEnvironment();
                env.SetUpstreamValue("keep_large", new[] { new Sale("alice", 120m), new Sale("carol", 42m) });

                Assert.Equal(162m, await env.RunAsync<decimal>(new {{Name}}Dag(), "report_total"));
            }
        }

        """;

    private const string EditorConfig = """
        root = true

        [*]
        indent_style = space
        end_of_line = lf
        insert_final_newline = true

        [*.cs]
        indent_size = 4
        csharp_style_namespace_declarations = file_scoped:suggestion
        dotnet_diagnostic.CA2007.severity = none

        [*.{csproj,props,json,yml,yaml}]
        indent_size = 2

        """;

    private string Readme => $$"""
        # {{Name}}

        DAGs for [DataEngineer](https://www.nuget.org/packages/dataengineer), made by `dataengineer init`.

        - `dags/` is the DAGs folder the orchestrator loads: each file directly in it, and each subfolder (like
          `dags/{{Name}}/`), is one compilation unit. Add DAGs there.
        - `{{Name}}.csproj` compiles the same files against `DataEngineer.Sdk` {{SdkVersion}}, for your editor.
        - `tests/` unit-tests tasks with `TaskTestEnvironment` (no database needed).

        ```bash
        dotnet test tests                                        # unit tests
        dataengineer dags test {{DagId}} --dags-folder dags      # one full run in this process
        dataengineer --dags-folder dags                          # standalone: scheduler, worker and web UI
        ```

        """;
}
