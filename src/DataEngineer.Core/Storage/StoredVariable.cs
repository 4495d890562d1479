namespace DataEngineer.Core.Storage;

/// <summary>
/// A variable as the metadata database keeps it. <see cref="Value"/> is the plain value, or for a secret variable
/// its ciphertext (see <see cref="Variables.IVariableCipher"/>); the plain value of a secret is never stored.
/// </summary>
public sealed record StoredVariable(string Key, string Value, bool IsSecret, string Description, DateTimeOffset UpdatedAt, string UpdatedBy);
