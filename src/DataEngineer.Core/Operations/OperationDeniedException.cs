namespace DataEngineer.Core.Operations;

/// <summary>The actor's role does not allow the action (HTTP 403, or 401 when not logged in).</summary>
public sealed class OperationDeniedException(string message, bool authenticated) : Exception(message)
{
    public bool Authenticated { get; } = authenticated;
}
