using DataEngineer.Ui.Presentation;

namespace DataEngineer.Host.Settings;

/// <summary>How the UI behaves, under <c>DataEngineer:Ui</c>: <c>TraceUrl</c>, a trace viewer's address with <c>{traceId}</c> in it.</summary>
internal sealed class WebUiOptions
{
    public const string Section = "DataEngineer:Ui";

    [TraceUrl("give the trace viewer's http(s) address with {traceId} where the id goes, e.g. http://jaeger:16686/trace/{traceId}.")]
    public string? TraceUrl { get; set; }

    public UiOptions Ui => new() { TraceUrl = TraceUrl?.Trim() };
}
