using System.Reflection;

namespace DataEngineer.Host.Cli;

/// <summary>The version this host was built as (from the git tag, by MinVer): the Sdk version a new project references.</summary>
internal static class HostVersion
{
    /// <summary>The package version, without the commit suffix of the informational version.</summary>
    public static string Package { get; } =
        (typeof(HostVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
