using System.Globalization;
using System.Text.RegularExpressions;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using Hangfire.PostgreSql;
using Npgsql;

namespace DataEngineer.Execution.Hangfire;

/// <summary>
/// Hangfire's tables in <see cref="HangfireStorage.Schema"/>: read without DDL (every process) and installed or upgraded
/// by Hangfire.PostgreSql's own installer (<c>db migrate</c> only). The version this binary needs is the newest install
/// script in the Hangfire.PostgreSql assembly it ships with; the installer records the one applied in the schema's
/// <c>schema</c> table.
/// </summary>
internal static partial class HangfireSchema
{
    private const string Library = "Hangfire";

    private static readonly string VersionTable = $"\"{HangfireStorage.Schema}\".\"schema\"";

    /// <summary>The newest schema version the Hangfire.PostgreSql in this binary installs.</summary>
    public static int RequiredVersion { get; } = typeof(PostgreSqlObjectsInstaller).Assembly.GetManifestResourceNames()
        .Select(name => InstallScript().Match(name))
        .Where(match => match.Success)
        .Max(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));

    public static async Task<JobStoreSchema> ReadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        int? version = null;
        await using (var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection))
        {
            exists.Parameters.AddWithValue("table", VersionTable);
            if ((bool)(await exists.ExecuteScalarAsync(ct))!)
            {
                await using var select = new NpgsqlCommand($"SELECT max(version) FROM {VersionTable}", connection);
                version = await select.ExecuteScalarAsync(ct) as int?;
            }
        }

        var (state, detail) = version switch
        {
            null => (SchemaMigrationState.Pending, "has not been created yet"),
            { } v when v < RequiredVersion => (SchemaMigrationState.Pending, $"is at version {v} (this binary needs {RequiredVersion})"),
            { } v when v > RequiredVersion => (SchemaMigrationState.Unknown, $"is at version {v} (this binary knows up to {RequiredVersion})"),
            { } v => (SchemaMigrationState.Applied, $"is at version {v}"),
        };
        return new JobStoreSchema(Library, HangfireStorage.Schema, state, detail);
    }

    /// <summary>Creates or upgrades the schema (Hangfire.PostgreSql's installer: one serializable transaction per version).</summary>
    public static void Install(NpgsqlConnection connection) => PostgreSqlObjectsInstaller.Install(connection, HangfireStorage.Schema);

    [GeneratedRegex(@"\.Install\.v(\d+)\.sql\z", RegexOptions.CultureInvariant)]
    private static partial Regex InstallScript();
}
