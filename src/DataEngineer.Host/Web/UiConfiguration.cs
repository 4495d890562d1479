using DataEngineer.Host.Cli;
using DataEngineer.Ui.Presentation;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Web;

/// <summary>Reads how the UI behaves from <c>DataEngineer:Ui</c>: <c>TraceUrl</c>, a trace viewer's address with <c>{traceId}</c> in it.</summary>
internal static class UiConfiguration
{
    public const string TraceUrlKey = "DataEngineer:Ui:TraceUrl";

    /// <exception cref="CliError">The trace URL is not an absolute http(s) URL with {traceId} in it.</exception>
    public static UiOptions Read(IConfiguration configuration)
    {
        var traceUrl = configuration[TraceUrlKey];
        if (string.IsNullOrWhiteSpace(traceUrl))
        {
            return new UiOptions();
        }

        var sample = traceUrl.Replace("{traceId}", "0", StringComparison.Ordinal).Replace("{spanId}", "0", StringComparison.Ordinal);
        if (!traceUrl.Contains("{traceId}", StringComparison.Ordinal)
            || !Uri.TryCreate(sample, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliError($"{TraceUrlKey} is '{traceUrl}': give the trace viewer's http(s) address with {{traceId}} where the id goes, e.g. http://jaeger:16686/trace/{{traceId}}.");
        }

        return new UiOptions { TraceUrl = traceUrl.Trim() };
    }
}
