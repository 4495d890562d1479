namespace DataEngineer.Sdk.Postgres;

/// <summary>How <see cref="TableLoader.LoadAsync{T}"/> writes the staged rows into the target table.</summary>
public enum LoadMode
{
    /// <summary>Insert new keys, update existing keys whose values changed, leave the rest untouched.</summary>
    Upsert,

    /// <summary>
    /// Full refresh: the table's rows become the staged rows; readers see the old rows until the commit. With a key, the
    /// staged rows must have one row per key (as for Upsert), and only what differs is written: rows whose key is gone are
    /// deleted, changed rows updated, new keys inserted, so a re-run with the same rows changes nothing. Without a key,
    /// rows are compared whole: identical contents change nothing, otherwise the table is rewritten and the rows that
    /// differ are reported.
    /// </summary>
    Swap,

    /// <summary>Append rows whose key is not in the table yet (duplicates within the batch collapse to one); never update.</summary>
    AppendDedup,
}
