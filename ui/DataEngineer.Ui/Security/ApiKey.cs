using DataEngineer.Core.Operations;

namespace DataEngineer.Ui.Security;

/// <summary>A key that authenticates REST API calls (<c>X-Api-Key</c> header or <c>Authorization: Bearer</c>), with its role.</summary>
public sealed record ApiKey(string Name, string Key, Role Role);
