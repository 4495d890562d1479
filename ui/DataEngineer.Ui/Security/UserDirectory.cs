using DataEngineer.Core.Operations;
using DataEngineer.Core.Storage;
using Microsoft.AspNetCore.Identity;

namespace DataEngineer.Ui.Security;

/// <summary>
/// Checks user names and passwords: users from configuration first, then those in the metadata
/// database (the standalone admin). Passwords are kept only as ASP.NET Core Identity hashes.
/// </summary>
public sealed class UserDirectory(IUserStore store, WebSecurityOptions options)
{
    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>A hash of <paramref name="password"/> to put in configuration or the database.</summary>
    public static string Hash(string password) => Hasher.HashPassword(string.Empty, password);

    /// <returns>The user, or null when the name is unknown or the password wrong (the caller cannot tell which).</returns>
    public async Task<WebUser?> VerifyAsync(string userName, string password, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password))
        {
            return null;
        }

        var user = options.Users.FirstOrDefault(u => u.UserName == userName);
        if (user is null && await store.GetUserAsync(userName, ct) is { } stored)
        {
            user = new WebUser(stored.UserName, stored.PasswordHash, Roles.Parse(stored.Role, $"web user '{stored.UserName}'"));
        }

        if (user is null)
        {
            // Same work as a real check, so timing does not tell which names exist.
            Hasher.VerifyHashedPassword(string.Empty, DummyHash.Value, password);
            return null;
        }

        return Hasher.VerifyHashedPassword(string.Empty, user.PasswordHash, password) == PasswordVerificationResult.Failed ? null : user;
    }

    private static readonly Lazy<string> DummyHash = new(() => Hash(Guid.NewGuid().ToString()));
}
