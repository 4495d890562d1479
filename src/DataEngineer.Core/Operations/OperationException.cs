namespace DataEngineer.Core.Operations;

/// <summary>An action the user asked for cannot be done as asked (unknown DAG, bad conf, ...): the message says why and what to do.</summary>
public sealed class OperationException(string message, int statusCode = 400) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
