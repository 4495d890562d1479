using DataEngineer.Core.Operations;
using Microsoft.AspNetCore.Http;

namespace DataEngineer.Host.Api;

/// <summary>Turns the errors a caller can cause into RFC 7807 problem details (never a stack trace).</summary>
internal sealed class ApiErrors : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (OperationDeniedException e)
        {
            return Problem(e.Authenticated ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized, e.Message);
        }
        catch (OperationException e)
        {
            return Problem(e.StatusCode, e.Message);
        }
    }

    public static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status, title: Title(status));

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, detail);

    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, detail);

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Not authenticated",
        403 => "Not allowed",
        404 => "Not found",
        409 => "Conflict",
        _ => "Error",
    };
}
