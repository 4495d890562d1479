namespace DataEngineer.Core.Storage;

/// <summary>A web user: name, password hash (never the password) and role name (viewer, operator or admin).</summary>
public sealed record UserAccount(string UserName, string PasswordHash, string Role, DateTimeOffset CreatedAt);
