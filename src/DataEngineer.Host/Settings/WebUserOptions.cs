namespace DataEngineer.Host.Settings;

/// <summary>A user who logs in with a password, under <c>DataEngineer:Web:Users:&lt;name&gt;</c>.</summary>
internal sealed class WebUserOptions
{
    /// <summary>The password's hash, from <c>dataengineer users hash-password</c>.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>viewer, operator or admin.</summary>
    public string? Role { get; set; }
}
