using System.Diagnostics;
using System.Security.Claims;
using DataEngineer.Bench.Reporting;
using DataEngineer.Core.Execution;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Core.Operations;
using DataEngineer.Execution.Hosting;
using DagsPage = DataEngineer.Ui.Pages.Dags;
using DataEngineer.Ui.Pages;
using DataEngineer.Ui.Presentation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.JSInterop;
using MudBlazor.Services;
using Npgsql;

namespace DataEngineer.Bench.Ui;

/// <summary>
/// Server render time of the DAGs page (its first page of 25), a DAG's grid (25 runs x its tasks)
/// and a run page: the components render to HTML exactly as on a first request, reading the seeded
/// PostgreSQL through the same query ports, with the same services the host registers.
/// </summary>
public static class UiRenderScenario
{
    private const int Warmup = 20;
    private const int Samples = 200;

    public static async Task<UiRenderResult> RunAsync(string connectionString, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await SchemaMigrator.MigrateAsync(dataSource, ct: ct);
        var store = new PostgresMetadataStore(dataSource);
        var graphs = UiDataSeed.Graphs();
        var runs = await UiDataSeed.SeedAsync(store, dataSource, graphs, ct);

        var services = new ServiceCollection();
        services.AddLogging();
        // What the host's AddDataEngineerUi gives the pages, less the web-request plumbing a bare renderer lacks.
        services.AddMudServices();
        services.AddSingleton(new UiOptions());
        services.AddSingleton<DagOperations>();
        services.AddSingleton<RunOperations>();
        services.AddSingleton<VariableOperations>();
        services.AddSingleton<BackfillOperations>();
        services.AddMetadataStore(store);
        services.AddSingleton<IDagRegistry>(new StaticDagRegistry(graphs));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IJSRuntime, NoBrowserJsRuntime>();
        services.AddSingleton<NavigationManager, BenchNavigation>();
        await using var provider = services.BuildServiceProvider();
        await using var renderer = new HtmlRenderer(provider, NullLoggerFactory.Instance);
        var gridRun = (await store.ListRunsAsync(UiDataSeed.GridDag, null, 1, ct))[0];

        var dagsPage = await MeasureAsync(renderer, Page<DagsPage>([]), ct);
        var grid = await MeasureAsync(renderer, Page<DagPage>(new() { [nameof(DagPage.DagId)] = UiDataSeed.GridDag }), ct);
        var runPage = await MeasureAsync(renderer, Page<RunPage>(new() { [nameof(RunPage.DagId)] = gridRun.DagId, [nameof(RunPage.RunId)] = gridRun.RunId }), ct);
        return new UiRenderResult(graphs.Count, runs, runs * UiDataSeed.TasksPerDag, UiDataSeed.GridDagRuns, dagsPage, grid, runPage);
    }

    // The page inside the cascading authentication state the host gives it: an operator, who sees every control.
    private static RenderFragment Page<TPage>(Dictionary<string, object?> parameters) where TPage : IComponent => builder =>
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "bench"), new Claim(ClaimTypes.Role, Roles.Operator)], "bench"));
        builder.OpenComponent<CascadingValue<Task<AuthenticationState>>>(0);
        builder.AddComponentParameter(1, "Value", Task.FromResult(new AuthenticationState(user)));
        builder.AddComponentParameter(2, "ChildContent", (RenderFragment)(inner =>
        {
            inner.OpenComponent<TPage>(0);
            foreach (var (name, value) in parameters)
            {
                inner.AddComponentParameter(1, name, value);
            }

            inner.CloseComponent();
        }));
        builder.CloseComponent();
    };

    private static async Task<Distribution> MeasureAsync(HtmlRenderer renderer, RenderFragment page, CancellationToken ct)
    {
        var times = new List<TimeSpan>(Samples);
        for (var i = 0; i < Warmup + Samples; i++)
        {
            ct.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var html = await renderer.Dispatcher.InvokeAsync(async () =>
            {
                var output = await renderer.RenderComponentAsync<FragmentHost>(ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(FragmentHost.Content)] = page }));
                await output.QuiescenceTask;
                return output.ToHtmlString();
            });
            clock.Stop();
            if (html.Length < 1000)
            {
                throw new InvalidOperationException($"The page rendered only {html.Length} characters: {html}");
            }

            if (i >= Warmup)
            {
                times.Add(clock.Elapsed);
            }
        }

        return Distribution.Of(times);
    }
}
