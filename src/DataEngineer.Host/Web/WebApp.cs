using System.Text.Json;
using DataEngineer.Core.Operations;
using DataEngineer.Host.Api;
using DataEngineer.Host.Mcp;
using DataEngineer.Host.Settings;
using DataEngineer.Ui;
using DataEngineer.Ui.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;

namespace DataEngineer.Host.Web;

/// <summary>
/// The web role: the Blazor UI (cookie login), the REST API (API keys) with its OpenAPI document, the MCP endpoint
/// (API keys, <see cref="McpEndpoint"/>) and <c>/health</c>. Pages and API share <see cref="Core.Operations.DagOperations"/> and <see cref="Core.Operations.RunOperations"/>, which check roles and audit.
/// </summary>
internal static class WebApp
{
    public const string OpenApiPath = RestApi.Prefix + "/openapi.json";
    private const string NotFoundPath = "/not-found";

    public static void AddServices(WebApplicationBuilder builder, WebSecurityOptions security, WebDeploymentOptions deployment)
    {
        builder.Services.AddSingleton(deployment);
        builder.Services.Configure<HostFilteringOptions>(o =>
        {
            o.AllowedHosts = [.. deployment.AllowedHosts];
            o.IncludeFailureMessage = false;
        });
        if (deployment.BehindProxy)
        {
            builder.Services.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                foreach (var proxy in deployment.KnownProxies)
                {
                    o.KnownProxies.Add(proxy);
                }

                foreach (var network in deployment.KnownNetworks)
                {
                    o.KnownIPNetworks.Add(network);
                }
            });
        }

        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        builder.Services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        LoginThrottle.Add(builder.Services, deployment.Login);
        builder.Services.AddSingleton<SessionCookieEvents>();

        // Serve the UI's and the component library's files from the build output in any environment, not only Development.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddDataEngineerUi(security, StartupSettings.Read<WebUiOptions>(builder.Configuration).Ui);
        var authentication = builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/account/login";
                o.AccessDeniedPath = "/account/denied";
                o.Cookie.Name = "dataengineer.auth";
                o.Cookie.HttpOnly = true;
                // Lax, not Strict: a link to a page clicked in Slack or a mail client (a top-level cross-site navigation) must
                // arrive logged in, as must the single sign-on provider's redirect back. Other sites still cannot act: Lax
                // cookies are not sent on their posts, forms need an antiforgery token and the live hub checks the Origin.
                o.Cookie.SameSite = SameSiteMode.Lax;
                // Secure whenever the request is HTTPS, as seen through a configured proxy's X-Forwarded-Proto.
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.EventsType = typeof(SessionCookieEvents);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (security.Oidc is { } oidc)
        {
            OidcLogin.Add(authentication, oidc);
        }

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.Read, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAssertion(c => security.AnonymousReadOnly || Roles.Of(c.User) is not null))
            .AddPolicy(ApiPolicies.Operate, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireAssertion(c => Roles.CanOperate(c.User)))
            .AddPolicy(ApiPolicies.Admin, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireAssertion(c => Roles.IsAdmin(c.User)))
            .AddPolicy(ApiPolicies.Mcp, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireAssertion(c => Roles.Of(c.User) is not null));
        McpEndpoint.AddServices(builder.Services);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblemDefaults.Fill);
        builder.Services.AddExceptionHandler<ApiBadRequests>();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        ApiDocumentation.AddServices(builder.Services);
    }

    private static Task AddSecurityHeaders(HttpContext context, RequestDelegate next)
    {
        // On starting, so the exception handler's cleared headers get them too.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }

    // The pages' forms would answer an empty 400 to a post whose antiforgery token is missing or stale: say why instead.
    private static async Task RefuseFormsWithoutAntiforgery(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } && !context.Request.Path.StartsWithSegments(RestApi.Prefix))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("The form was refused: its antiforgery token is missing or out of date. Reload the page and submit the form again.");
            return;
        }

        await next(context);
    }

    private static bool IsApi(PathString path) => path.StartsWithSegments(RestApi.Root) || path.StartsWithSegments(McpEndpoint.Path);

    public static void Map(WebApplication app)
    {
        var deployment = app.Services.GetRequiredService<WebDeploymentOptions>();
        if (deployment.BehindProxy)
        {
            app.UseForwardedHeaders();
        }

        app.Use(AddSecurityHeaders);
        app.UseHsts();
        app.Use(BlazorHubOrigin.Check(deployment.AllowedHosts));
        app.UseExceptionHandler();
        app.UseWhen(c => IsApi(c.Request.Path), api => api.UseStatusCodePages());
        // An unknown page is the app's own 404 page, with the 404 status kept.
        app.UseWhen(c => !IsApi(c.Request.Path), ui => ui.UseStatusCodePagesWithReExecute(NotFoundPath, createScopeForStatusCodePages: true));
        // Routing after the status code pages, so that the re-executed request finds the 404 page's endpoint.
        app.UseRouting();
        LoginThrottle.Use(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.Use(RefuseFormsWithoutAntiforgery);
        app.MapStaticAssets();
        app.MapOpenApi(OpenApiPath).AllowAnonymous();
        ApiDocumentation.MapReference(app);
        RestApi.Map(app);
        McpEndpoint.Map(app);
        TryLogDownload.Map(app);
        SessionsApi.Map(app);
        if (app.Services.GetRequiredService<WebSecurityOptions>().Oidc is not null)
        {
            OidcLogin.Map(app);
        }

        app.MapPost("/account/logout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Problem(detail: "The form's antiforgery token is missing or wrong: log out from the page's button.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (http.User.Identity is { IsAuthenticated: true, Name: { } name })
            {
                // Server-side: every session of this user ends, copied cookies and open tabs included.
                await http.RequestServices.GetRequiredService<SessionStamps>().LogOutAsync(name, http.RequestAborted);
            }

            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/account/login");
        }).DisableAntiforgery().ExcludeFromDescription();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
