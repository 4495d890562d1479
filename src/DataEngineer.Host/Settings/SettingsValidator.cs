using System.Collections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DataEngineer.Host.Settings;

/// <summary>Validates bound options against their <see cref="SettingAttribute"/>s, each failure naming the key, the value as configured and the fix.</summary>
internal sealed class SettingsValidator<T>(IConfigurationSection section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = new List<string>();
        foreach (var (property, setting) in SettingValues.Settings(typeof(T)))
        {
            var value = property.GetValue(options);
            IEnumerable<(string Key, object? Value)> values = value is IDictionary entries
                ? entries.Keys.Cast<object>().Select(key => ($"{property.Name}:{key}", entries[key]))
                : [(property.Name, value)];
            failures.AddRange(values.Where(v => !setting.IsValid(v.Value)).Select(v => SettingValues.Problem(section, v.Key, setting)));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
