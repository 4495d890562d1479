namespace DataEngineer.Core.Execution;

/// <summary>A task returned or pushed a value larger than the XCom size limit.</summary>
public sealed class XComTooLargeException(string message) : Exception(message);
