using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Governance;

/// <summary>
/// Wraps a logger provider of the engine's own log (console, OpenTelemetry) so that secrets never reach it: the message,
/// the exception's text and every structured property go through a masker (sensitive names, URI passwords, the
/// process's <see cref="SecretValues"/>) before the inner provider sees them.
/// </summary>
public sealed class SecretMaskingLoggerProvider(ILoggerProvider inner) : ILoggerProvider
{
    private readonly PiiMasker _masker = new([]);

    public ILogger CreateLogger(string categoryName) => new SecretMaskingLogger(inner.CreateLogger(categoryName), _masker);

    public void Dispose() => inner.Dispose();

    private sealed class SecretMaskingLogger(ILogger inner, PiiMasker masker) : ILogger
    {
        private const string OriginalFormat = "{OriginalFormat}";

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var text = formatter(state, exception);
            var message = masker.MaskText(exception is null ? text : $"{text}{Environment.NewLine}{exception}");
            List<KeyValuePair<string, object?>> properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? [.. pairs.Select(p => new KeyValuePair<string, object?>(p.Key, Masked(p.Key, p.Value)))]
                : [];
            inner.Log(logLevel, eventId, properties, null, (_, _) => message);
        }

        private object? Masked(string name, object? value) => value switch
        {
            null => null,
            _ when name == OriginalFormat => value,
            _ when SensitiveNames.IsSensitive(name) => PiiMask.Hidden,
            string text => masker.MaskText(text),
            _ when value.GetType().IsPrimitive => value,
            _ => masker.MaskText(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
        };
    }
}
