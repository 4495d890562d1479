namespace DataEngineer.Host.Web;

/// <summary>
/// How many login attempts a user name and a client address get per window (<c>DataEngineer:Web:Login</c>). Past
/// either limit, attempts are refused until the window ends: a lockout that ends by itself.
/// </summary>
internal sealed record LoginThrottleOptions
{
    public int AttemptsPerUser { get; init; } = 5;

    public int AttemptsPerAddress { get; init; } = 30;

    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(5);
}
