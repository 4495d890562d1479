namespace DataEngineer.Core.Operations;

/// <summary>What a user or API key may do: viewers read, operators also act on runs and DAGs, admins do everything.</summary>
public enum Role
{
    Viewer = 1,
    Operator = 2,
    Admin = 3,
}
