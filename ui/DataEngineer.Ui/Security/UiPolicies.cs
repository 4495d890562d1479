namespace DataEngineer.Ui.Security;

/// <summary>Authorization policies the pages and the API use.</summary>
public static class UiPolicies
{
    /// <summary>Reading: any logged-in user, or anyone when anonymous read-only access is configured.</summary>
    public const string Read = "dataengineer.read";

    /// <summary>Acting on DAGs and runs: operators and admins.</summary>
    public const string Operate = "dataengineer.operate";

    /// <summary>The audit log and user administration: admins.</summary>
    public const string Admin = "dataengineer.admin";
}
