using DataEngineer.Host.Web;
using DataEngineer.Core.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DataEngineer.Host.Api;

/// <summary>
/// <c>/api/v1/variables</c>: list, get, set (PUT) and delete variables, admins only (checked by the policy and again by
/// <see cref="VariableOperations"/>, which audits every change). A secret's value is never returned.
/// </summary>
internal static class VariablesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/variables").RequireAuthorization(ApiPolicies.Admin);
        admin.MapGet("", ListAsync).WithName("list_variables").WithSummary("Variables (secret values masked)").Produces<IReadOnlyList<ApiVariable>>();
        admin.MapGet("/{key}", GetAsync).WithName("get_variable").WithSummary("One variable (a secret value masked)").Produces<ApiVariable>();
        admin.MapPut("/{key}", SetAsync).WithName("set_variable").WithSummary("Create or replace a variable").Produces<ApiVariable>();
        admin.MapDelete("/{key}", DeleteAsync).WithName("delete_variable").WithSummary("Delete a variable").Produces(StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> ListAsync(VariableOperations variables, HttpContext http, CancellationToken ct) =>
        Results.Ok((await variables.ListAsync(Actor.Of(http.User), ct)).Select(ApiVariable.Of).ToList());

    private static async Task<IResult> GetAsync(VariableOperations variables, HttpContext http, string key, CancellationToken ct) =>
        Results.Ok(ApiVariable.Of(await variables.GetAsync(Actor.Of(http.User), key, ct)));

    private static async Task<IResult> SetAsync(VariableOperations variables, HttpContext http, string key, SetVariableRequest? body, CancellationToken ct)
    {
        if (body?.Value is null)
        {
            return ApiErrors.BadRequest("Give the variable's value: {\"value\": \"...\", \"is_secret\": false, \"description\": \"...\"}.");
        }

        return Results.Ok(ApiVariable.Of(await variables.SetAsync(Actor.Of(http.User), key, body.Value, body.IsSecret ?? false, body.Description, ct)));
    }

    private static async Task<IResult> DeleteAsync(VariableOperations variables, HttpContext http, string key, CancellationToken ct)
    {
        await variables.DeleteAsync(Actor.Of(http.User), key, ct);
        return Results.NoContent();
    }
}
