using DataEngineer.Core.Alerts;
using DataEngineer.Execution.Alerts;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Settings;

/// <summary>
/// The alert delivery pace under <c>DataEngineer:Alerts</c>: <c>MaxAttempts</c>, <c>FirstRetryDelaySeconds</c>,
/// <c>MaxRetryDelaySeconds</c>, <c>SendTimeoutSeconds</c>. The channels and recipients are read with
/// <see cref="AlertConfiguration"/>.
/// </summary>
internal sealed class AlertingOptions
{
    public const string Section = AlertConfiguration.Section;

    [WholeNumber(1, int.MaxValue, "set a whole number of at least 1.")]
    public int MaxAttempts { get; set; } = 6;

    [WholeNumber(1, int.MaxValue, "set a whole number of at least 1.")]
    public int FirstRetryDelaySeconds { get; set; } = 10;

    [WholeNumber(1, int.MaxValue, "set a whole number of at least 1.")]
    public int MaxRetryDelaySeconds { get; set; } = 600;

    [WholeNumber(1, int.MaxValue, "set a whole number of at least 1.")]
    public int SendTimeoutSeconds { get; set; } = 15;

    public AlertDeliveryOptions Delivery => new()
    {
        MaxAttempts = MaxAttempts,
        FirstRetryDelay = TimeSpan.FromSeconds(FirstRetryDelaySeconds),
        MaxRetryDelay = TimeSpan.FromSeconds(MaxRetryDelaySeconds),
        SendTimeout = TimeSpan.FromSeconds(SendTimeoutSeconds),
    };

    /// <summary>The alert settings: channels and recipients from <see cref="AlertConfiguration"/>, the pace from these options, links to <see cref="EngineOptions.BaseUrl"/>.</summary>
    /// <exception cref="AlertConfigurationException">A channel or recipient setting is unusable.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The pace or the base URL is unusable.</exception>
    public static AlertSettings Read(IConfiguration configuration, HttpClient http)
    {
        var alerts = AlertConfiguration.Read(configuration, http);
        return alerts with
        {
            Delivery = StartupSettings.Read<AlertingOptions>(configuration).Delivery,
            Routing = alerts.Routing with { BaseUrl = HttpUrlAttribute.Parse(StartupSettings.Read<EngineOptions>(configuration).BaseUrl) },
        };
    }
}
