using Bunit;
using DataEngineer.Core.Alerts;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;
using DataEngineer.Execution.Hosting;
using DataEngineer.Core.Operations;
using DataEngineer.Ui.Presentation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>The services a page needs, over an in-memory store, a fixed clock and the given loaded DAGs, for a viewer (or the given role).</summary>
internal static class UiPageContext
{
    public static FakeTimeProvider Clock(DateTimeOffset now) => new(now);

    public static void Add(BunitContext context, IMetadataStore store, IReadOnlyList<Core.Validation.DagGraph> loaded, TimeProvider time, IAlertStore? alerts = null, string role = "viewer")
    {
        var registry = new StaticDagRegistry(loaded);
        context.Services.AddMudServices();
        context.Services.AddMetadataStore(store);
        context.Services.AddSingleton<IDagRegistry>(registry);
        context.Services.AddSingleton(time);
        context.Services.AddSingleton(new UiOptions());
        context.Services.AddSingleton<IAlertStore>(alerts ?? new InMemoryAlertStore());
        context.Services.AddSingleton(new DagOperations(store, store, store, registry, time));
        context.Services.AddSingleton(new RunOperations(store, store, store, registry, time));
        context.Services.AddSingleton(new BackfillOperations(store, store, store, store, registry, time));
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.AddAuthorization().SetAuthorized("someone").SetRoles(role);
        context.Render<MudPopoverProvider>();
    }
}
