using System.Security.Cryptography;
using System.Text;
using DataEngineer.Core.Loading;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Alerts;

/// <summary>Publishes one alert per DAG import error; every process that loads the same broken DAG publishes the same key, so it is sent once.</summary>
public static class ImportErrorAlerts
{
    public static async Task PublishAsync(IAlertPublisher alerts, IEnumerable<DagImportError> errors, CancellationToken ct)
    {
        foreach (var error in errors)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(error.ToString())))[..16];
            await alerts.PublishAsync(new AlertEvent
            {
                Kind = AlertEvents.ImportError,
                Key = $"{AlertKinds.Name(AlertEvents.ImportError)}/{hash}",
                Summary = $"A DAG could not be loaded from {error.Source}",
                Error = error.Message,
                Details = error.DagId is null ? [new("Source", error.Source)] : [new("Source", error.Source), new("DAG", error.DagId)],
            }, ct);
        }
    }
}
