using DataEngineer.Host.Web;

namespace DataEngineer.Host.Settings;

/// <summary>Login attempts per user name and per client address within a window, under <c>DataEngineer:Web:Login</c>.</summary>
internal sealed class WebLoginOptions
{
    public const string Section = "DataEngineer:Web:Login";

    [WholeNumber(1, 10_000, "give a whole number of attempts from 1 to 10000 (default 5).")]
    public int AttemptsPerUser { get; set; } = 5;

    [WholeNumber(1, 10_000, "give a whole number of attempts from 1 to 10000 (default 30).")]
    public int AttemptsPerAddress { get; set; } = 30;

    [Duration(1, 86_400, "give a duration from 00:00:01 to 1.00:00:00, e.g. 00:05:00 (the default).")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    public LoginThrottleOptions Throttle => new() { AttemptsPerUser = AttemptsPerUser, AttemptsPerAddress = AttemptsPerAddress, Window = Window };
}
