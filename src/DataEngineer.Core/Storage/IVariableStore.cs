namespace DataEngineer.Core.Storage;

/// <summary>Variables: small named settings tasks read at run time (Airflow's Variables).</summary>
public interface IVariableStore
{
    Task<StoredVariable?> GetVariableAsync(string key, CancellationToken ct = default);

    /// <summary>Every variable, by key.</summary>
    Task<IReadOnlyList<StoredVariable>> ListVariablesAsync(CancellationToken ct = default);

    /// <summary>Creates or replaces the variable.</summary>
    Task SetVariableAsync(StoredVariable variable, CancellationToken ct = default);

    /// <summary>False when there was no such variable.</summary>
    Task<bool> DeleteVariableAsync(string key, CancellationToken ct = default);
}
