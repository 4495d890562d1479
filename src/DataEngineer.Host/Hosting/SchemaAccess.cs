namespace DataEngineer.Host.Hosting;

/// <summary>What opening the metadata database does about the schema's version (see the README, Upgrading the schema).</summary>
internal enum SchemaAccess
{
    /// <summary>Refuse to go on unless the schema is exactly this binary's: no pending, unknown or changed migration.</summary>
    RequireCurrent,

    /// <summary>Apply pending migrations (<c>db migrate</c>).</summary>
    Migrate,

    /// <summary>Migrate on the managed local cluster, where no other deployment shares the schema; else as <see cref="RequireCurrent"/> (standalone).</summary>
    MigrateIfManaged,

    /// <summary>Neither check nor migrate: for verbs that report on the schema or only read heartbeats.</summary>
    AsIs,
}
