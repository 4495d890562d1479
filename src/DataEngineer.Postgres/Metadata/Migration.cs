using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace DataEngineer.Postgres.Metadata;

/// <summary>One embedded SQL migration, <c>Migrations/NNNN_name.sql</c>, with the schema as a placeholder.</summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>
    /// SHA-256 of the file's text (hex), recorded when the migration is applied so a later edit of an applied file is
    /// noticed. Line endings are normalised first: a checkout with CRLF is the same migration.
    /// </summary>
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    // The csproj gives the migrations this logical name prefix, independent of the folder layout.
    private const string ResourcePrefix = "DataEngineer.Postgres.Migrations.";

    /// <summary>The migrations embedded in this assembly, oldest first.</summary>
    public static IReadOnlyList<Migration> Embedded { get; } = Load();

    private static List<Migration> Load()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal) && r.EndsWith(".sql", StringComparison.Ordinal))
            .Select(r => Read(assembly, r))
            .OrderBy(m => m.Version)
            .ToList();
        var repeated = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new InvalidOperationException($"Two embedded migrations share version {repeated.Key}: {string.Join(", ", repeated.Select(m => m.Name))}.");
        }

        return migrations;
    }

    private static Migration Read(Assembly assembly, string resource)
    {
        var fileName = resource[ResourcePrefix.Length..^".sql".Length];
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0 || !int.TryParse(fileName.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version <= 0)
        {
            throw new InvalidOperationException($"Embedded migration '{resource}' is not named NNNN_name.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, fileName[(separator + 1)..], reader.ReadToEnd());
    }
}
