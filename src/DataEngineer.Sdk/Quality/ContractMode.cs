namespace DataEngineer.Sdk;

/// <summary>How strictly a dataset's written schema must match its declared <see cref="Dataset.Columns"/>.</summary>
public enum ContractMode
{
    /// <summary>No contract: schema changes are recorded as drift only.</summary>
    None,

    /// <summary>
    /// Consumers are protected: declared columns must stay with the same or a wider type and their nullability;
    /// new columns are allowed (and recorded). Dropping, narrowing or NULLs in a non-nullable column fail the write.
    /// </summary>
    Additive,

    /// <summary>Like <see cref="Additive"/>, and columns that are not declared fail the write too.</summary>
    Exact,
}
