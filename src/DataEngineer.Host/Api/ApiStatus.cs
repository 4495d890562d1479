namespace DataEngineer.Host.Api;

/// <summary>A component's status: <c>healthy</c> or not.</summary>
internal sealed record ApiStatus(string Status);
