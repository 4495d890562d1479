namespace DataEngineer.Core.Variables;

/// <summary>A secret variable's stored value cannot be decrypted here: the key ring that encrypted it is not this process's.</summary>
public sealed class VariableCipherException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
