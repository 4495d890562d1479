using DataEngineer.Core.Alerts;
using DataEngineer.Execution.Alerts;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Settings;

/// <summary>
/// The alert delivery pace under <c>DataEngineer:Alerts</c>: <c>MaxAttempts</c>, <c>FirstRetryDelaySeconds</c>,
/// <c>MaxRetryDelaySeconds</c>, <c>SendTimeoutSeconds</c>; the channels under <c>Channels:&lt;name&gt;</c>
/// (<see cref="AlertChannelOptions"/>), <c>DefaultRecipients</c> (channel names or email addresses, a list) and
/// <c>EmailChannel</c> (the email channel that alerts naming an address go through; default: the first email channel),
/// checked by <see cref="AlertChannelsValidator"/>.
/// </summary>
internal sealed class AlertingOptions
{
    public const string Section = "DataEngineer:Alerts";

    [WholeNumber(1, int.MaxValue, "set a whole number of at least 1.")]
    public int MaxAttempts { get; set; } = 6;

    [WholeNumber(1, int.MaxValue, "set a whole number of at least 1.")]
    public int FirstRetryDelaySeconds { get; set; } = 10;

    [WholeNumber(1, int.MaxValue, "set a whole number of at least 1.")]
    public int MaxRetryDelaySeconds { get; set; } = 600;

    [WholeNumber(1, int.MaxValue, "set a whole number of at least 1.")]
    public int SendTimeoutSeconds { get; set; } = 15;

    public Dictionary<string, AlertChannelOptions> Channels { get; } = new(StringComparer.Ordinal);

    public List<string> DefaultRecipients { get; } = [];

    public string? EmailChannel { get; set; }

    public AlertDeliveryOptions Delivery => new()
    {
        MaxAttempts = MaxAttempts,
        FirstRetryDelay = TimeSpan.FromSeconds(FirstRetryDelaySeconds),
        MaxRetryDelay = TimeSpan.FromSeconds(MaxRetryDelaySeconds),
        SendTimeout = TimeSpan.FromSeconds(SendTimeoutSeconds),
    };

    /// <summary>The alert settings: the channels (webhooks post with <paramref name="http"/>), routing with links to <see cref="EngineOptions.BaseUrl"/>, and the pace.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An alert setting or the base URL is unusable; each failure names its key.</exception>
    public static AlertSettings Read(IConfiguration configuration, HttpClient http)
    {
        var alerts = StartupSettings.Read<AlertingOptions>(configuration);
        IReadOnlyList<IAlertChannel> channels =
        [
            .. alerts.Channels.Select(c => c.Value.Kind == "email"
                ? (IAlertChannel)new EmailChannel(c.Key, c.Value.Email)
                : new WebhookChannel(c.Key, c.Value.Webhook, http)),
        ];
        return new AlertSettings
        {
            Channels = channels,
            Routing = new AlertRoutingOptions
            {
                Channels = channels.Select(c => c.Name).ToHashSet(StringComparer.Ordinal),
                AddressChannel = alerts.EmailChannel ?? channels.FirstOrDefault(c => c.Type == "email")?.Name,
                DefaultRecipients = alerts.DefaultRecipients,
                BaseUrl = HttpUrlAttribute.Parse(StartupSettings.Read<EngineOptions>(configuration).BaseUrl),
            },
            Delivery = alerts.Delivery,
        };
    }
}
