using System.Collections;
using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DataEngineer.Host.Settings;

/// <summary>
/// Binds a configuration section to an options class whose properties carry a <see cref="SettingAttribute"/>: a value
/// that cannot be read as its property's type is an <see cref="OptionsValidationException"/> naming the key, the value and
/// the fix (the configuration binder's own error names neither the fix nor, for a dictionary, which entry), and a blank
/// value means unset, as an empty environment variable does.
/// </summary>
internal static class SettingValues
{
    public static void Bind<T>(IConfigurationSection section, T options) where T : class
    {
        var unreadable = Settings(typeof(T))
            .SelectMany(s => Values(section, s.Property).Select(v => (s.Setting, s.Property, v.Key, v.Text)))
            .Where(v => !Readable(v.Text, ValueType(v.Property.PropertyType)))
            .Select(v => Problem(section, v.Key, v.Setting))
            .ToList();
        if (unreadable.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(T), unreadable);
        }

        var set = section.AsEnumerable(makePathsRelative: true).Where(s => !string.IsNullOrWhiteSpace(s.Value));
        new ConfigurationBuilder().AddInMemoryCollection(set).Build().Bind(options);
    }

    /// <summary>The bound properties of <paramref name="type"/> with their settings.</summary>
    public static IEnumerable<(PropertyInfo Property, SettingAttribute Setting)> Settings(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Setting: p.GetCustomAttribute<SettingAttribute>()))
            .Where(p => p.Setting is not null)
            .Select(p => (p.Property, p.Setting!));

    /// <summary>The problem with <paramref name="key"/> (relative to <paramref name="section"/>): the full key, the value as configured, the fix.</summary>
    public static string Problem(IConfigurationSection section, string key, SettingAttribute setting) =>
        $"{section.Path}:{key} is '{section[key]}'; {setting.Fix}";

    /// <summary>The values a property binds from, by key relative to the section: its own, or a dictionary's entries.</summary>
    public static IEnumerable<(string Key, string Text)> Values(IConfigurationSection section, PropertyInfo property) =>
        IsDictionary(property.PropertyType)
            ? section.GetSection(property.Name).GetChildren().Where(c => !string.IsNullOrWhiteSpace(c.Value)).Select(c => ($"{property.Name}:{c.Key}", c.Value!))
            : section[property.Name] is { } text && !string.IsNullOrWhiteSpace(text) ? [(property.Name, text)] : [];

    public static bool IsDictionary(Type type) => typeof(IDictionary).IsAssignableFrom(type);

    private static Type ValueType(Type type) =>
        IsDictionary(type) ? type.GetGenericArguments()[1] : Nullable.GetUnderlyingType(type) ?? type;

    private static bool Readable(string text, Type type)
    {
        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(text);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }
}
