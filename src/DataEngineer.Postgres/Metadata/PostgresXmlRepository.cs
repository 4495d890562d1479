using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

/// <summary>
/// The ASP.NET Core data-protection key ring in the metadata database (<c>data_protection_keys</c>): every web
/// replica reads the same keys, and they survive a redeploy, so login cookies, antiforgery tokens and values
/// protected with them stay readable. The framework calls it synchronously, rarely (at start and when it rolls a key).
/// </summary>
public sealed class PostgresXmlRepository : IXmlRepository
{
    private const string SelectKeys = "SELECT xml FROM {schema}.data_protection_keys ORDER BY id";

    private const string InsertKey = "INSERT INTO {schema}.data_protection_keys (friendly_name, xml) VALUES (@friendly_name, @xml)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _quotedSchema;

    /// <param name="dataSource">Owned by the caller; the schema must be migrated.</param>
    /// <param name="options">The schema; <see cref="PostgresMetadataStoreOptions.DefaultSchema"/> when null.</param>
    /// <exception cref="ArgumentException">The schema name is not valid.</exception>
    public PostgresXmlRepository(NpgsqlDataSource dataSource, PostgresMetadataStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _quotedSchema = SchemaName.Quote(options?.Schema ?? PostgresMetadataStoreOptions.DefaultSchema);
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = _dataSource.CreateCommand(SchemaName.Substitute(SelectKeys, _quotedSchema));
        using var reader = command.ExecuteReader();
        var keys = new List<XElement>();
        while (reader.Read())
        {
            keys.Add(XElement.Parse(reader.GetString(0)));
        }

        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var command = _dataSource.CreateCommand(SchemaName.Substitute(InsertKey, _quotedSchema));
        command.Parameters.AddText("friendly_name", friendlyName);
        command.Parameters.AddText("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
