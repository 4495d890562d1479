namespace DataEngineer.Postgres.Local;

/// <summary>The managed local PostgreSQL could not be initialized, started or reached.</summary>
public sealed class LocalPostgresException : Exception
{
    /// <summary>Creates the error; messages never carry the superuser password.</summary>
    public LocalPostgresException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
