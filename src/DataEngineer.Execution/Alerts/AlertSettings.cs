using DataEngineer.Core.Alerts;

namespace DataEngineer.Execution.Alerts;

/// <summary>The alert channels, routing and delivery pace read from configuration.</summary>
public sealed record AlertSettings
{
    public IReadOnlyList<IAlertChannel> Channels { get; init; } = [];

    public AlertRoutingOptions Routing { get; init; } = new();

    public AlertDeliveryOptions Delivery { get; init; } = new();
}
