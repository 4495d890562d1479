using DataEngineer.Core.Governance;
using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Variables;

/// <summary>
/// Reads variables for tasks and people: the stored value, decrypted when secret. A secret's value is registered with
/// <see cref="SecretValues"/> as it is read, so this process masks it from then on (in the try's log, errors, alerts).
/// </summary>
public sealed class VariableReader(IVariableStore store, IVariableCipher? cipher)
{
    /// <exception cref="UnknownVariableException">No variable has that key.</exception>
    /// <exception cref="VariableCipherException">It is secret and cannot be decrypted here.</exception>
    public async Task<string> GetValueAsync(string key, CancellationToken ct)
    {
        var stored = await store.GetVariableAsync(key, ct) ?? throw new UnknownVariableException(key);
        return Plain(stored);
    }

    /// <summary>The plain value of a stored variable.</summary>
    /// <exception cref="VariableCipherException">It is secret and cannot be decrypted here.</exception>
    public string Plain(StoredVariable stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!stored.IsSecret)
        {
            return stored.Value;
        }

        if (cipher is null)
        {
            throw new VariableCipherException($"Variable '{stored.Key}' is secret, and this process has no data-protection keys to decrypt it.");
        }

        var plain = cipher.Unprotect(stored.Value);
        SecretValues.Add(plain);
        return plain;
    }
}
