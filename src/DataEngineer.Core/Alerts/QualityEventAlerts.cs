using DataEngineer.Core.Storage;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Alerts;

/// <summary>
/// Turns what the data-quality recorder and the freshness monitor found into alerts: a failed check of
/// severity error (<see cref="AlertEvents.QualityFailure"/>), a row-count anomaly, schema drift or new
/// values in an accepted set (<see cref="AlertEvents.SchemaDrift"/>), and a freshness breach (once per
/// breach). Each quality event is one alert key, so several schedulers relaying it send it once. The alert links to
/// the try that recorded the event, or for a freshness breach to the dataset's page.
/// </summary>
public sealed class QualityEventAlerts(IDataQualityStore quality, IAlertPublisher alerts)
{
    private const int Page = 500;

    private long _after;

    public async Task CheckAsync(CancellationToken ct)
    {
        while (true)
        {
            var events = await quality.ListQualityEventsAsync(_after, Page, ct);
            foreach (var e in events)
            {
                if (Kind(e) is { } kind)
                {
                    await alerts.PublishAsync(Alert(e, kind), ct);
                }

                _after = e.Id;
            }

            if (events.Count < Page)
            {
                return;
            }
        }
    }

    private static AlertEvents? Kind(QualityEvent e) => e.Kind switch
    {
        QualityEventKinds.CheckFailed when e.Severity == "error" => AlertEvents.QualityFailure,
        QualityEventKinds.RowCountAnomaly => AlertEvents.RowCountAnomaly,
        QualityEventKinds.SchemaDrift or QualityEventKinds.NewValues => AlertEvents.SchemaDrift,
        QualityEventKinds.FreshnessBreach => AlertEvents.FreshnessBreach,
        _ => null,
    };

    private static AlertEvent Alert(QualityEvent e, AlertEvents kind)
    {
        var details = new List<KeyValuePair<string, string>>();
        if (e.Dataset is not null)
        {
            details.Add(new("Dataset", e.Dataset));
        }

        details.Add(new("Severity", e.Severity));
        if (e.Before is not null)
        {
            details.Add(new("Before", e.Before));
        }

        if (e.After is not null)
        {
            details.Add(new("After", e.After));
        }

        return new AlertEvent
        {
            Kind = kind,
            Key = $"{AlertKinds.Name(kind)}/quality_event/{e.Id}",
            Summary = e.Dataset is null ? e.Message : $"{e.Dataset}: {e.Message}",
            DagId = e.DagId,
            RunId = e.RunId,
            TaskId = e.TaskId,
            TryNumber = e.TryNumber,
            Dataset = e.Dataset,
            Error = e.Message,
            Details = details,
        };
    }
}
