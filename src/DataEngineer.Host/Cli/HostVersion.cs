using System.Reflection;

namespace DataEngineer.Host.Cli;

/// <summary>The version this host was built as (from the git tag, by MinVer): the Sdk version a new project references.</summary>
internal static class HostVersion
{
    /// <summary>The informational version: the package version and the commit it was built from (<c>1.2.0+abc123</c>).</summary>
    public static string Informational { get; } =
        typeof(HostVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The package version, without the commit suffix of the informational version.</summary>
    public static string Package { get; } = Informational.Split('+')[0];
}
