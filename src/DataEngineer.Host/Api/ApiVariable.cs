using DataEngineer.Core.Operations;

namespace DataEngineer.Host.Api;

/// <summary>A variable as the REST API shows it: a secret's value is <c>***</c>.</summary>
internal sealed record ApiVariable(string Key, string Value, bool IsSecret, string Description, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public static ApiVariable Of(VariableView v) => new(v.Key, v.Value, v.IsSecret, v.Description, v.UpdatedAt, v.UpdatedBy);
}
