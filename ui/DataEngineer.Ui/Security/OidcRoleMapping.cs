using DataEngineer.Core.Operations;

namespace DataEngineer.Ui.Security;

/// <summary>Users whose ID token has <paramref name="Claim"/> with <paramref name="Value"/> (one of its values) get <paramref name="Role"/>.</summary>
public sealed record OidcRoleMapping(Role Role, string Claim, string Value);
