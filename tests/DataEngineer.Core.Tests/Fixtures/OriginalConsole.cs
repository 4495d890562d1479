using System.Runtime.CompilerServices;

namespace DataEngineer.Core.Tests.Fixtures;

/// <summary>
/// The process's console writer as it was when this test assembly loaded, before any test put the task output router
/// in front of it (tests in any order may install the router, once per process): the writer the router replaced.
/// </summary>
public static class OriginalConsole
{
    public static TextWriter Out { get; private set; } = TextWriter.Null;

#pragma warning disable CA2255 // A test assembly's own initializer: it must run before any test touches the console.
    [ModuleInitializer]
    internal static void Capture() => Out = Console.Out;
#pragma warning restore CA2255
}
