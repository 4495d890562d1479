using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using DataEngineer.Core.Loading;

namespace DataEngineer.Execution.Loading;

/// <summary>
/// Builds a project unit (a DAGs subfolder with a <c>.csproj</c>, so it can use NuGet packages) with the .NET SDK:
/// <c>dotnet publish</c> of a copy of its files (the DAGs folder may be read-only and is never written to) into
/// <c>&lt;build folder&gt;/&lt;unit hash&gt;</c>, which every process then reuses. Restore and compiler errors become
/// import errors with the file and line, the other DAGs keep running. Without the SDK (a runtime-only container
/// image) the unit is an import error saying to build the DAG at image build time and list it in
/// <c>DataEngineer:DagAssemblies</c> instead.
/// </summary>
internal sealed partial class DagProjectBuilder(string buildFolder, TimeSpan timeout)
{
    private const int MaxErrors = 20;

    /// <summary>The unit's built assembly (cached or built now), or why there is none.</summary>
    public (string? AssemblyPath, IReadOnlyList<DagImportError> Errors) Build(DagSourceUnit unit, string dagsFolder)
    {
        var projects = unit.Files.Where(f => f.RelativePath.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) && !f.RelativePath[unit.Name.Length..].Contains('/', StringComparison.Ordinal)).ToList();
        if (projects.Count != 1)
        {
            return (null, [new DagImportError(unit.Name, null,
                $"the folder has {projects.Count} project files ({string.Join(", ", projects.Select(p => p.RelativePath))}); a DAG project folder has exactly one. Move the others into a subfolder.")]);
        }

        var output = Path.Combine(buildFolder, unit.Hash);
        if (Built(output) is { } cached)
        {
            return (cached, []);
        }

        var work = Path.Combine(buildFolder, $"{unit.Hash}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var source = Path.Combine(work, "src");
            foreach (var file in unit.Files)
            {
                var copy = Path.Combine(source, file.RelativePath[unit.Name.Length..]);
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.WriteAllBytes(copy, file.Content);
            }

            var original = Path.Combine(dagsFolder, unit.Name.TrimEnd('/'));
            var errors = Publish(unit, Path.Combine(source, projects[0].RelativePath[unit.Name.Length..]), Path.Combine(work, "out"), source, original);
            if (errors.Count > 0)
            {
                return (null, errors);
            }

            try
            {
                Directory.Move(Path.Combine(work, "out"), output);
            }
            catch (IOException) when (Directory.Exists(output))
            {
                // Another process built the same content first: use its output.
            }

            return Built(output) is { } built
                ? (built, [])
                : (null, [new DagImportError(unit.Name, null, $"'dotnet publish' succeeded but left no assembly with a .deps.json in '{output}'. Is the project a class library?")]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, [new DagImportError(unit.Name, null, $"the DAG project could not be built in '{buildFolder}': {e.Message}. Make that folder writable (DataEngineer:DagCacheFolder).")]);
        }
        finally
        {
            TryDelete(work);
        }
    }

    // A finished build: the one assembly that has a .deps.json (a class library's publish output).
    private static string? Built(string output) =>
        Directory.Exists(output) && Directory.GetFiles(output, "*.deps.json") is [var deps]
        && Path.Combine(output, Path.GetFileName(deps)[..^".deps.json".Length] + ".dll") is var dll && File.Exists(dll)
            ? dll
            : null;

    private IReadOnlyList<DagImportError> Publish(DagSourceUnit unit, string project, string output, string source, string original)
    {
        var dotnet = Dotnet();
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = source,
        };
        foreach (var argument in (string[])["publish", project, "-c", "Release", "-o", output, "--nologo", "-v:q", "-clp:NoSummary", "--disable-build-servers", "-nodeReuse:false"])
        {
            start.ArgumentList.Add(argument);
        }

        if (!source.AsSpan().ContainsAny(";,") && !original.AsSpan().ContainsAny(";,"))
        {
            // The debug information names the DAG's own files, so a task's stack trace points into the DAGs folder.
            start.ArgumentList.Add($"-p:PathMap={source}={original}");
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        var printed = new StringBuilder();
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            return [NoSdk(unit, $"'{dotnet}' could not be started: {e.Message}")];
        }

        using (process)
        {
            process.OutputDataReceived += (_, line) => Append(printed, line.Data);
            process.ErrorDataReceived += (_, line) => Append(printed, line.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return [new DagImportError(unit.Name, null, $"'dotnet publish' of the DAG project did not finish within {timeout.TotalMinutes:0.#} minutes and was stopped. Check its package sources, or build it ahead and list the DLL in DataEngineer:DagAssemblies.")];
            }

            process.WaitForExit();
            var text = printed.ToString();
            if (process.ExitCode == 0)
            {
                return [];
            }

            if (text.Contains("No .NET SDKs were found", StringComparison.Ordinal))
            {
                return [NoSdk(unit, "only the .NET runtime is installed")];
            }

            var errors = ErrorLine().Matches(text)
                .Select(m => ToImportError(m, unit, source))
                .Distinct()
                .Take(MaxErrors)
                .ToList();
            return errors.Count > 0
                ? errors
                : [new DagImportError(unit.Name, null, $"'dotnet publish' of the DAG project failed (exit code {process.ExitCode}): {Tail(text)}")];
        }
    }

    private static void Append(StringBuilder printed, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (printed)
        {
            printed.AppendLine(line);
        }
    }

    private static DagImportError ToImportError(Match match, DagSourceUnit unit, string source)
    {
        var file = match.Groups["file"].Value.Trim();
        var relative = file.StartsWith(source, StringComparison.Ordinal)
            ? unit.Name + Path.GetRelativePath(source, file).Replace('\\', '/')
            : unit.Name;
        var message = $"{match.Groups["code"].Value}: {match.Groups["message"].Value.Trim()}";
        return new DagImportError(relative, null, message, match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    private static DagImportError NoSdk(DagSourceUnit unit, string why) => new(unit.Name, null,
        $"the folder is a DAG project (it has a .csproj), and building it needs the .NET SDK, which this host cannot run ({why}). " +
        "Install the .NET SDK beside the host, or build the DAG ahead (dotnet publish, e.g. at image build time) and list its DLL in DataEngineer:DagAssemblies.");

    // Where the SDK is: the dotnet that runs this process (or the one the dotnet CLI names), else the one on PATH.
    private static string Dotnet() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", lines.TakeLast(10));
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder costs disk only; the next build uses a new one.
        }
    }

    // MSBuild's canonical error format: "file(line,col): error CODE: message [project]" or "file : error CODE: message".
    [GeneratedRegex(@"^\s*(?<file>[^\s:][^(\r\n]*?)(\((?<line>\d+)(,\d+)*\))?\s*:\s*error\s+(?<code>[A-Za-z]+\d+)\s*:\s*(?<message>.*?)(\s+\[[^\]\r\n]*\])?\r?$", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
