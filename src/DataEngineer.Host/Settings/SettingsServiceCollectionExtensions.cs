using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataEngineer.Host.Settings;

/// <summary>Registers the engine's settings as <c>IOptions&lt;T&gt;</c>, bound from the one configuration root and validated at start.</summary>
internal static class SettingsServiceCollectionExtensions
{
    public static IServiceCollection AddEngineSettings(this IServiceCollection services, IConfiguration configuration) => services
        .AddSetting<EngineOptions>(configuration, EngineOptions.Section)
        .AddSetting<CleanupOptions>(configuration, CleanupOptions.Section)
        .AddSetting<HealthOptions>(configuration, HealthOptions.Section)
        .AddSetting<WebOptions>(configuration, WebOptions.Section)
        .AddSetting<WebLoginOptions>(configuration, WebLoginOptions.Section)
        .AddSetting<WebUiOptions>(configuration, WebUiOptions.Section)
        .AddSetting<TelemetryOptions>(configuration, TelemetryOptions.Section)
        .AddSetting<AlertingOptions>(configuration, AlertingOptions.Section, section => new AlertChannelsValidator(section))
        .AddSetting<WebAccessOptions>(configuration, WebAccessOptions.Section, section => new WebAccessValidator(section))
        .AddSetting<OidcLoginOptions>(configuration, OidcLoginOptions.Section, section => new OidcLoginValidator(section))
        .AddSetting<WebHostingOptions>(configuration, WebHostingOptions.Section, section => new WebHostingValidator(section));

    // rules: the area's own rules across its keys (e.g. a channel's settings by its type), after the SettingAttributes.
    private static IServiceCollection AddSetting<T>(this IServiceCollection services, IConfiguration configuration, string path,
        Func<IConfigurationSection, IValidateOptions<T>>? rules = null) where T : class
    {
        var section = configuration.GetSection(path);
        services.AddOptions<T>().Configure(options => SettingValues.Bind(section, options)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new SettingsValidator<T>(section));
        if (rules is not null)
        {
            services.AddSingleton(rules(section));
        }

        return services;
    }
}
