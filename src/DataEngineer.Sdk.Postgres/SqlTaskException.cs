namespace DataEngineer.Sdk.Postgres;

/// <summary>A SQL task's SQL failed; the message names the script, the error, and the line it points at. Rolled back.</summary>
public sealed class SqlTaskException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SqlTaskException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public SqlTaskException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public SqlTaskException(string message) : base(message)
    {
    }
}
