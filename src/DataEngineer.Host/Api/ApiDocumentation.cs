using DataEngineer.Host.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace DataEngineer.Host.Api;

/// <summary>
/// The REST API's OpenAPI document and its interactive reference (Scalar, at <see cref="ReferencePath"/>): the API-key
/// security schemes (<c>X-Api-Key</c> or <c>Authorization: Bearer</c>) required by every operation, the role each
/// operation needs, and the problem-details responses (RFC 7807) every group of operations declares.
/// </summary>
internal static class ApiDocumentation
{
    public const string ReferencePath = RestApi.Root + "/docs";
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";

    public static void AddServices(IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "DataEngineer REST API";
            document.Info.Description = "Snake_case JSON shaped like Airflow's REST API. Authenticate with an API key (DataEngineer:Web:ApiKeys) "
                + "in the X-Api-Key header or as Authorization: Bearer <key>. Errors are RFC 7807 problem details (application/problem+json).";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyAuthenticationHandler.Header,
                Description = "An API key configured under DataEngineer:Web:ApiKeys:<name>:Key; its role decides what it may do.",
            };
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "The same API key, as Authorization: Bearer <key>.",
            };
            foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] });
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
            }

            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            var policy = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().LastOrDefault()?.Policy;
            if (RoleOf(policy) is { } role)
            {
                operation.Description = string.IsNullOrEmpty(operation.Description) ? $"Needs the {role} role." : $"{operation.Description} Needs the {role} role.";
            }

            return Task.CompletedTask;
        });
    });

    /// <summary>Declares the problem-details answers the operations of <paramref name="group"/> may give.</summary>
    public static RouteGroupBuilder WithProblems(this RouteGroupBuilder group, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            group.ProducesProblem(status);
        }

        return group;
    }

    /// <summary>Serves the interactive reference of the OpenAPI document, without Scalar's telemetry or AI features.</summary>
    public static void MapReference(WebApplication app) =>
        app.MapScalarApiReference(ReferencePath, o => o
                .WithTitle("DataEngineer REST API")
                .WithOpenApiRoutePattern(WebApp.OpenApiPath)
                .AddPreferredSecuritySchemes(ApiKeyScheme)
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp())
            .AllowAnonymous();

    private static string? RoleOf(string? policy) => policy switch
    {
        ApiPolicies.Read => "viewer",
        ApiPolicies.Operate => "operator",
        ApiPolicies.Admin => "admin",
        _ => null,
    };
}
