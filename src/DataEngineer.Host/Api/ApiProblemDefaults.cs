using Microsoft.AspNetCore.Http;

namespace DataEngineer.Host.Api;

/// <summary>
/// The detail of an API problem the framework writes on its own (no key, wrong role, unknown path,
/// wrong method, body too large, not JSON): what is wrong and how to fix it, where it would be empty.
/// </summary>
internal static class ApiProblemDefaults
{
    public const string TooLarge = "The request body is larger than the server accepts. Put large inputs in a table or a file and pass its name.";

    public static void Fill(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Detail is not null || !context.HttpContext.Request.Path.StartsWithSegments(RestApi.Root))
        {
            return;
        }

        context.ProblemDetails.Detail = context.ProblemDetails.Status switch
        {
            StatusCodes.Status401Unauthorized =>
                "Give an API key as X-Api-Key: <key> or Authorization: Bearer <key>; keys are configured under DataEngineer:Web:ApiKeys. The API does not accept the web UI's login cookie.",
            StatusCodes.Status403Forbidden =>
                "This API key's role may not do this: reading takes viewer, actions take operator, the audit log and deleting a DAG take admin.",
            StatusCodes.Status404NotFound =>
                $"No endpoint at {context.HttpContext.Request.Path}. The OpenAPI document at {RestApi.Prefix}/openapi.json lists them.",
            StatusCodes.Status405MethodNotAllowed =>
                $"{context.HttpContext.Request.Path} does not take {context.HttpContext.Request.Method}. The OpenAPI document at {RestApi.Prefix}/openapi.json lists the methods.",
            StatusCodes.Status413PayloadTooLarge => TooLarge,
            StatusCodes.Status415UnsupportedMediaType =>
                "Send the body as JSON with Content-Type: application/json.",
            _ => null,
        };
    }
}
