using DataEngineer.Core.Operations;

namespace DataEngineer.Host.Settings;

/// <summary>A setting that names a role (viewer, operator or admin).</summary>
internal static class RoleSetting
{
    /// <summary>What is wrong with <paramref name="name"/> as the role at <paramref name="key"/>, or null when it is a role.</summary>
    public static string? Problem(string? name, string key)
    {
        try
        {
            Roles.Parse(name, key);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
