namespace DataEngineer.Host.Api;

/// <summary>The body of <c>PUT /variables/{key}</c>: the value, whether it is secret (encrypted, shown as <c>***</c>), and a description.</summary>
internal sealed record SetVariableRequest(string? Value, bool? IsSecret, string? Description);
