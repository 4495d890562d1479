namespace DataEngineer.Core.Storage;

public sealed partial class InMemoryMetadataStore
{
    private readonly Dictionary<string, StoredVariable> _variables = new(StringComparer.Ordinal);

    public Task<StoredVariable?> GetVariableAsync(string key, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_variables.GetValueOrDefault(key));
        }
    }

    public Task<IReadOnlyList<StoredVariable>> ListVariablesAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredVariable>>([.. _variables.Values.OrderBy(v => v.Key, StringComparer.Ordinal)]);
        }
    }

    public Task SetVariableAsync(StoredVariable variable, CancellationToken ct = default)
    {
        lock (_lock)
        {
            _variables[variable.Key] = variable;
        }

        return Task.CompletedTask;
    }

    public Task<bool> DeleteVariableAsync(string key, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_variables.Remove(key));
        }
    }
}
