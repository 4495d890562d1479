namespace DataEngineer.Host.Settings;

/// <summary>A duration (<c>hh:mm:ss</c>, <c>d.hh:mm:ss</c>) from <paramref name="minSeconds"/> to <paramref name="maxSeconds"/>.</summary>
internal sealed class DurationAttribute(int minSeconds, int maxSeconds, string fix) : SettingAttribute(fix)
{
    public override bool IsValid(object? value) =>
        value is not TimeSpan duration || (duration >= TimeSpan.FromSeconds(minSeconds) && duration <= TimeSpan.FromSeconds(maxSeconds));
}
