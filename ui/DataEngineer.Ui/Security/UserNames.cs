namespace DataEngineer.Ui.Security;

/// <summary>What a user name typed by an admin (to revoke its sessions) must look like.</summary>
public static class UserNames
{
    public const int MaxLength = 200;

    /// <returns>Why <paramref name="name"/> is not a usable user name, or null when it is.</returns>
    public static string? Problem(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "The user name is empty: give the name the user logs in with."
        : name.Length > MaxLength ? $"The user name is {name.Length} characters long; user names have at most {MaxLength}."
        : name.Any(char.IsControl) ? "The user name contains control characters; give the name the user logs in with."
        : null;
}
