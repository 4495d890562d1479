using System.Text.Json;

namespace DataEngineer.Execution.Loading;

/// <summary>
/// Compiled DAG units on disk, by unit hash, so a restarted process (or a CLI command) loads
/// unchanged files without running the compiler. Only successful compilations are kept. The cache
/// is an optimisation: a folder that cannot be written just means compiling again.
/// </summary>
internal sealed class DagUnitCache(string? folder)
{
    public DagCompilation? Get(DagSourceUnit unit)
    {
        if (folder is null)
        {
            return null;
        }

        try
        {
            var image = Path.Combine(folder, unit.Hash + ".dll");
            var types = Path.Combine(folder, unit.Hash + ".types.json");
            if (!File.Exists(image) || !File.Exists(types))
            {
                return null;
            }

            var typeFiles = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(types)) ?? [];
            return new DagCompilation(File.ReadAllBytes(image), typeFiles, []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public void Put(DagSourceUnit unit, DagCompilation compilation)
    {
        if (folder is null || compilation.Image is null)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(folder);
            Write(Path.Combine(folder, unit.Hash + ".types.json"), JsonSerializer.SerializeToUtf8Bytes(compilation.TypeFiles));
            Write(Path.Combine(folder, unit.Hash + ".dll"), compilation.Image);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not cached: the next process compiles the unit again.
        }
    }

    // Written aside and renamed, so a concurrent reader sees the whole file or none.
    private static void Write(string path, byte[] content)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
