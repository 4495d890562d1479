using DataEngineer.Core.Governance;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Variables;

namespace DataEngineer.Core.Operations;

/// <summary>
/// Reading and changing variables, for the Variables page, the REST API and the CLI alike: admins only (a variable
/// steers what tasks do), every change written to the audit log without its value, a secret's value encrypted before
/// it is stored and shown as <c>***</c> in every view.
/// </summary>
public sealed class VariableOperations(IVariableStore variables, IAuditLog audit, IVariableCipher cipher, TimeProvider time)
{
    /// <summary>Longest value stored, in characters: variables are settings, not data.</summary>
    public const int MaxValueLength = 64 * 1024;

    public async Task<IReadOnlyList<VariableView>> ListAsync(Actor actor, CancellationToken ct)
    {
        DagOperations.Require(actor, Role.Admin, "read variables");
        return [.. (await variables.ListVariablesAsync(ct)).Select(View)];
    }

    /// <exception cref="OperationException">No variable has that key (404).</exception>
    public async Task<VariableView> GetAsync(Actor actor, string key, CancellationToken ct)
    {
        DagOperations.Require(actor, Role.Admin, "read variables");
        return View(await FindAsync(key, ct));
    }

    /// <summary>The plain value, decrypted when secret: for the CLI's <c>variables get</c>, run by someone who holds the metadata database's credentials anyway.</summary>
    public async Task<string> GetPlainValueAsync(Actor actor, string key, CancellationToken ct)
    {
        DagOperations.Require(actor, Role.Admin, "read variables");
        try
        {
            return new VariableReader(variables, cipher).Plain(await FindAsync(key, ct));
        }
        catch (VariableCipherException e)
        {
            throw new OperationException(e.Message, 500);
        }
    }

    /// <summary>Creates or replaces a variable; one whose key looks secret (<see cref="SensitiveNames"/>) is stored as a secret one.</summary>
    /// <exception cref="OperationException">The key or value is not valid (400).</exception>
    public async Task<VariableView> SetAsync(Actor actor, string key, string? value, bool isSecret, string? description, CancellationToken ct)
    {
        DagOperations.Require(actor, Role.Admin, "change variables");
        CheckKey(key);
        if (value is null)
        {
            throw new OperationException($"Variable '{key}' needs a value (an empty string is allowed).");
        }

        if (value.Length > MaxValueLength)
        {
            throw new OperationException($"The value of variable '{key}' has {value.Length:N0} characters, above the limit of {MaxValueLength:N0}. Keep large data in a table or file and store its name.");
        }

        // As Airflow masks a variable whose key looks secret (api_token, db_password), such a variable is always a secret one.
        isSecret = isSecret || SensitiveNames.IsSensitive(key);
        if (isSecret)
        {
            SecretValues.Add(value);
        }

        var stored = new StoredVariable(key, isSecret ? cipher.Protect(value) : value, isSecret, description ?? "", time.GetUtcNow(), actor.Name);
        await variables.SetVariableAsync(stored, ct);
        await audit.AppendAuditAsync(new AuditEntry(stored.UpdatedAt, actor.Name, "variable.set", key, $"secret={isSecret.ToString().ToLowerInvariant()}"), ct);
        return View(stored);
    }

    /// <exception cref="OperationException">No variable has that key (404).</exception>
    public async Task DeleteAsync(Actor actor, string key, CancellationToken ct)
    {
        DagOperations.Require(actor, Role.Admin, "delete variables");
        CheckKey(key);
        if (!await variables.DeleteVariableAsync(key, ct))
        {
            throw Unknown(key);
        }

        await audit.AppendAuditAsync(new AuditEntry(time.GetUtcNow(), actor.Name, "variable.delete", key, ""), ct);
    }

    private async Task<StoredVariable> FindAsync(string key, CancellationToken ct)
    {
        CheckKey(key);
        return await variables.GetVariableAsync(key, ct) ?? throw Unknown(key);
    }

    private static OperationException Unknown(string key) => new(new UnknownVariableException(key).Message, 404);

    private static void CheckKey(string key)
    {
        try
        {
            VariableKey.Check(key);
        }
        catch (ArgumentException e)
        {
            throw new OperationException(e.Message);
        }
    }

    private static VariableView View(StoredVariable v) =>
        new(v.Key, v.IsSecret ? PiiMask.Hidden : v.Value, v.IsSecret, v.Description, v.UpdatedAt, v.UpdatedBy);
}
