namespace DataEngineer.Sdk.Postgres;

/// <summary>How <see cref="TableLoader.LoadAsync{T}"/> writes the staged rows into the target table.</summary>
public enum LoadMode
{
    /// <summary>Insert new keys, update existing keys whose values changed, leave the rest untouched.</summary>
    Upsert,

    /// <summary>Full refresh: the table's rows are replaced by the staged rows; readers see the old rows until the commit.</summary>
    Swap,

    /// <summary>Append rows whose key is not in the table yet (duplicates within the batch collapse to one); never update.</summary>
    AppendDedup,
}
