namespace DataEngineer.Sdk;

/// <summary>A stored XCom value cannot be read as the type a task asks for.</summary>
public sealed class XComTypeMismatchException(string message, Exception inner) : Exception(message, inner);
