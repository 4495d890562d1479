using DataEngineer.Core.Alerts;
using DataEngineer.Core.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace DataEngineer.Execution.Alerts;

/// <summary>Registers alerting in a host: the outbox publisher, the try-end callbacks and alerts, and the delivery loop.</summary>
public static class AlertServiceCollectionExtensions
{
    /// <param name="services">The host's services; <c>AddDataEngineerEngine</c> must have registered the metadata store.</param>
    /// <param name="settings">Channels, routing and delivery pace (the host binds them from <c>DataEngineer:Alerts</c> as validated options).</param>
    /// <param name="store">Where alerts are recorded; the metadata database in a real host.</param>
    /// <param name="watchRuns">True in the scheduler role: alert on runs past their expected duration and count queue depth.</param>
    public static IServiceCollection AddDataEngineerAlerts(this IServiceCollection services, AlertSettings settings, IAlertStore store, bool watchRuns)
    {
        services.AddSingleton(settings.Routing);
        services.AddSingleton(settings.Delivery);
        services.AddSingleton(store);
        foreach (var channel in settings.Channels)
        {
            services.AddSingleton(channel);
        }

        services.AddSingleton<AlertSignal>();
        services.AddSingleton<AlertOutbox>();
        services.AddSingleton<IAlertPublisher>(sp => sp.GetRequiredService<AlertOutbox>());
        services.AddSingleton<AlertDeliverer>();
        services.AddSingleton<TryEndNotifier>();
        services.AddSingleton<ITryFilter>(sp => sp.GetRequiredService<TryEndNotifier>());
        services.AddHostedService<AlertDeliveryService>();
        if (watchRuns)
        {
            services.AddSingleton<LongRunWatch>();
            services.AddSingleton<QualityEventAlerts>();
            services.AddSingleton<ApprovalRequestAlerts>();
            services.AddSingleton<DeadlineWatch>();
            services.AddHostedService<RunWatchService>();
        }

        return services;
    }
}
