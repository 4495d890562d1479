using System.Collections;
using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DataEngineer.Host.Settings;

/// <summary>
/// Binds a configuration section to an options class whose properties carry a <see cref="SettingAttribute"/>: a value
/// that cannot be read as its property's type is an <see cref="OptionsValidationException"/> naming the key, the value and
/// the fix (the configuration binder's own error names neither the fix nor, for a dictionary, which entry), and a blank
/// value means unset, as an empty environment variable does. A list setting (a <c>List&lt;string&gt;</c>, also inside a
/// nested settings class or a dictionary of them) may be given as entries (<c>To:0</c>, <c>To:1</c>) or as one value
/// separated by <c>;</c> or <c>,</c>, as an environment variable can only give it.
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
        BindLists(section, options);
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

    // Auto-properties only: a computed property (its getter not compiler-generated) is not a setting.
    private static void BindLists(IConfigurationSection section, object options)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.GetMethod?.IsDefined(typeof(CompilerGeneratedAttribute)) == true))
        {
            var value = property.GetValue(options);
            if (value is List<string> list)
            {
                list.Clear();
                list.AddRange(List(section.GetSection(property.Name)));
            }
            else if (value is IDictionary entries)
            {
                foreach (DictionaryEntry entry in entries)
                {
                    if (entry.Value is { } nested && IsSettingsClass(nested.GetType()))
                    {
                        BindLists(section.GetSection(property.Name).GetSection((string)entry.Key), nested);
                    }
                }
            }
            else if (value is not null && IsSettingsClass(value.GetType()))
            {
                BindLists(section.GetSection(property.Name), value);
            }
        }
    }

    /// <summary>The entries of a list setting: its children and its own value, each split at ';' and ',', trimmed, without repeats.</summary>
    private static List<string> List(IConfigurationSection section) =>
        [.. section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => v?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [])
            .Distinct(StringComparer.OrdinalIgnoreCase)];

    private static bool IsSettingsClass(Type type) => type.IsClass && type.Assembly == typeof(SettingValues).Assembly;

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
