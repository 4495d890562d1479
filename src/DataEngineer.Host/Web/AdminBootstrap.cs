using System.Security.Cryptography;
using DataEngineer.Core.Operations;
using DataEngineer.Core.Storage;
using DataEngineer.Ui.Security;

namespace DataEngineer.Host.Web;

/// <summary>
/// Standalone's first start (as <c>airflow standalone</c>): creates the user <c>admin</c> with a random
/// password, stored hashed in the metadata database, and returns the password so it is printed once.
/// </summary>
internal static class AdminBootstrap
{
    public const string UserName = "admin";

    /// <returns>The new password, or null when the admin already exists (its password is not known any more).</returns>
    public static async Task<string?> EnsureAdminAsync(IUserStore store, TimeProvider time, CancellationToken ct)
    {
        if (await store.GetUserAsync(UserName, ct) is not null)
        {
            return null;
        }

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');
        var created = await store.TryCreateUserAsync(new UserAccount(UserName, UserDirectory.Hash(password), Roles.Admin, time.GetUtcNow()), ct);
        return created ? password : null;
    }
}
