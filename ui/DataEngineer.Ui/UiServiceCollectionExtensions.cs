using DataEngineer.Core.Operations;
using DataEngineer.Ui.Presentation;
using DataEngineer.Ui.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DataEngineer.Ui;

/// <summary>Registers the UI's components, its actions and the authorization policies pages and the API share.</summary>
public static class UiServiceCollectionExtensions
{
    /// <summary>
    /// Needs the engine's services (the store's ports, <c>AddMetadataStore</c>, <c>ISessionStampStore</c>, <c>IDagRegistry</c>, <c>TimeProvider</c>);
    /// the host adds authentication (cookie for pages, API keys for the API).
    /// </summary>
    public static IServiceCollection AddDataEngineerUi(this IServiceCollection services, WebSecurityOptions security, UiOptions? options = null)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddSingleton(security);
        services.AddSingleton(options ?? new UiOptions());
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<LoginAudit>();
        services.AddSingleton<SessionStamps>();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        services.AddSingleton<DagOperations>();
        services.AddSingleton<VariableOperations>();
        services.AddSingleton<RunOperations>();
        services.AddSingleton<BackfillOperations>();
        services.AddAuthorizationBuilder()
            .AddPolicy(UiPolicies.Read, p => p.RequireAssertion(c => security.AnonymousReadOnly || Roles.Of(c.User) is not null))
            .AddPolicy(UiPolicies.Operate, p => p.RequireAssertion(c => Roles.CanOperate(c.User)))
            .AddPolicy(UiPolicies.Admin, p => p.RequireAssertion(c => Roles.IsAdmin(c.User)));
        return services;
    }
}
