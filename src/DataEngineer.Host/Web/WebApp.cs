using System.Text.Json;
using DataEngineer.Core.Operations;
using DataEngineer.Host.Api;
using DataEngineer.Ui;
using DataEngineer.Ui.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DataEngineer.Host.Web;

/// <summary>
/// The web role: the Blazor UI (cookie login), the REST API (API keys) with its OpenAPI document, and
/// <c>/health</c>. Pages and API share <see cref="Core.Operations.DagOperations"/> and <see cref="Core.Operations.RunOperations"/>, which check roles and audit.
/// </summary>
internal static class WebApp
{
    public const string OpenApiPath = RestApi.Prefix + "/openapi.json";

    public static void AddServices(WebApplicationBuilder builder, WebSecurityOptions security)
    {
        // Serve the UI's and the component library's files from the build output in any environment, not only Development.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddDataEngineerUi(security, UiConfiguration.Read(builder.Configuration));
        var authentication = builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/account/login";
                o.AccessDeniedPath = "/account/denied";
                o.Cookie.Name = "dataengineer.auth";
                o.Cookie.HttpOnly = true;
                // Lax with single sign-on: the provider's redirect back is a cross-site navigation, and a Strict cookie set there is not sent on the next request.
                o.Cookie.SameSite = security.Oidc is null ? SameSiteMode.Strict : SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
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
                .RequireAssertion(c => Roles.IsAdmin(c.User)));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblemDefaults.Fill);
        builder.Services.AddExceptionHandler<ApiBadRequests>();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "DataEngineer REST API";
            document.Info.Description = "Authenticate with an API key in the X-Api-Key header or as Authorization: Bearer <key>.";
            return Task.CompletedTask;
        }));
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

    public static void Map(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseWhen(c => c.Request.Path.StartsWithSegments(RestApi.Prefix), api => api.UseStatusCodePages());
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.Use(RefuseFormsWithoutAntiforgery);
        app.MapStaticAssets();
        app.MapOpenApi(OpenApiPath).AllowAnonymous();
        RestApi.Map(app);
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

            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/account/login");
        }).DisableAntiforgery().ExcludeFromDescription();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
