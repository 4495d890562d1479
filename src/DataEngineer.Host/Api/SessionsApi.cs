using DataEngineer.Host.Web;
using DataEngineer.Ui.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DataEngineer.Host.Api;

/// <summary><c>DELETE /api/v1/users/{userName}/sessions</c> (admin): ends every session of a user, audited.</summary>
internal static class SessionsApi
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup(RestApi.Prefix).AddEndpointFilter<ApiErrors>().WithTags("DataEngineer")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden)
            .MapDelete("/users/{userName}/sessions", RevokeAsync).RequireAuthorization(ApiPolicies.Admin).WithName("revoke_user_sessions")
            .WithSummary("End every session of a user").Produces(StatusCodes.Status204NoContent);

    private static async Task<IResult> RevokeAsync(string userName, HttpContext http, SessionStamps stamps, CancellationToken ct)
    {
        if (UserNames.Problem(userName) is { } problem)
        {
            return ApiErrors.BadRequest(problem);
        }

        var name = userName.Trim();
        await stamps.RevokeAsync(http.User.Identity?.Name ?? "unknown", name, ct);
        return Results.NoContent();
    }
}
