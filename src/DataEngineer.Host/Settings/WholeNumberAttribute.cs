namespace DataEngineer.Host.Settings;

/// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or unset.</summary>
internal sealed class WholeNumberAttribute(int min, int max, string fix) : SettingAttribute(fix)
{
    public override bool IsValid(object? value) => value is null || (value is int number && number >= min && number <= max);
}
