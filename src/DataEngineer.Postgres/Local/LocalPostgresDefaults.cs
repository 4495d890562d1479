namespace DataEngineer.Postgres.Local;

/// <summary>Defaults for the managed local PostgreSQL.</summary>
public static class LocalPostgresDefaults
{
    /// <summary>
    /// The per-user data directory: $XDG_DATA_HOME/dataengineer/postgres or ~/.local/share/dataengineer/postgres;
    /// /var/lib/dataengineer/postgres for root, whose home the postgres OS user cannot enter.
    /// </summary>
    public static string DataDirectory()
    {
        if (ServerUser.IsRoot)
        {
            return "/var/lib/dataengineer/postgres";
        }

        // On Unix this is $XDG_DATA_HOME when set, else ~/.local/share.
        var dataHome = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return Path.Combine(dataHome, "dataengineer", "postgres");
    }
}
