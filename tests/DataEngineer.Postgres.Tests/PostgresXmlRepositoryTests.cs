using System.Xml.Linq;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Npgsql;

namespace DataEngineer.Postgres.Tests;

/// <summary>The data-protection key ring in the metadata database: what one process stores, another reads.</summary>
public sealed class PostgresXmlRepositoryTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task StoredKeys_AreReadBackByAnotherRepository_InOrder()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(dataSource);
        var writer = new PostgresXmlRepository(dataSource);
        var before = writer.GetAllElements().Count;

        writer.StoreElement(new XElement("key", new XAttribute("id", "k1"), new XElement("secret", "one")), "key-k1");
        writer.StoreElement(new XElement("key", new XAttribute("id", "k2")), "key-k2");

        await using var otherSource = NpgsqlDataSource.Create(database.ConnectionString);
        var keys = new PostgresXmlRepository(otherSource).GetAllElements().Skip(before).ToList();
        Assert.Equal(["k1", "k2"], keys.Select(k => (string?)k.Attribute("id")));
        Assert.Equal("one", keys[0].Element("secret")?.Value);
    }

    [Fact]
    public void HostileSchemaName_IsRefused()
    {
        using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        Assert.Throws<ArgumentException>(() => new PostgresXmlRepository(dataSource, new PostgresMetadataStoreOptions { Schema = "x; DROP TABLE y" }));
    }
}
