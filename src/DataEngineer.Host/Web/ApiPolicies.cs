namespace DataEngineer.Host.Web;

/// <summary>
/// The REST API's policies: as the UI's, but authenticated by API key only, never by the UI's cookie,
/// so a page on another site cannot make a logged-in browser act through the API.
/// </summary>
internal static class ApiPolicies
{
    public const string Read = "api.read";
    public const string Operate = "api.operate";
    public const string Admin = "api.admin";

    /// <summary>The MCP endpoint: an API key of any role, never anonymous (even with AnonymousReadOnly), never the cookie.</summary>
    public const string Mcp = "api.mcp";
}
