namespace DataEngineer.Core.Operations;

/// <summary>A variable as people see it: a secret's value is <c>***</c>, never the plain value or its ciphertext.</summary>
public sealed record VariableView(string Key, string Value, bool IsSecret, string Description, DateTimeOffset UpdatedAt, string UpdatedBy);
