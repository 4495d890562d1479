namespace DataEngineer.Ui.Security;

/// <summary>What a user or API key may do: viewers read, operators also act on runs and DAGs, admins do everything.</summary>
public enum UiRole
{
    Viewer = 1,
    Operator = 2,
    Admin = 3,
}
