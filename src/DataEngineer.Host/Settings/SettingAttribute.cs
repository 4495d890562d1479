using System.ComponentModel.DataAnnotations;

namespace DataEngineer.Host.Settings;

/// <summary>
/// A bound setting and how to fix it (e.g. "set true or false."): the error names the key and the bad value, then
/// this fix, when the value cannot be read as the property's type or fails <see cref="IsValid(object?)"/>. Any
/// readable value is valid unless a derived attribute says otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal class SettingAttribute(string fix) : ValidationAttribute(fix)
{
    public string Fix => ErrorMessageString;

    public override bool IsValid(object? value) => true;
}
