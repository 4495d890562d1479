namespace DataEngineer.Host.Settings;

/// <summary>A key that calls the REST API, under <c>DataEngineer:Web:ApiKeys:&lt;name&gt;</c>.</summary>
internal sealed class ApiKeyOptions
{
    /// <summary>The key itself: a random string of at least <see cref="WebAccessOptions.MinimumApiKeyLength"/> characters.</summary>
    public string? Key { get; set; }

    /// <summary>viewer, operator or admin.</summary>
    public string? Role { get; set; }
}
