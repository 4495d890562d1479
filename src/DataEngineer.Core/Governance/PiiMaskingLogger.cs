using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Governance;

/// <summary>
/// A try's logger that masks before a line is kept: the values of structured-log properties named like PII
/// columns (<c>LogInformation("Welcome {Email}", email)</c>) or secrets (<c>{ApiToken}</c>) are remembered and
/// masked, and so is every value the masker remembered earlier in the try and every secret of the process; then the
/// line goes to <paramref name="write"/>.
/// </summary>
public sealed class PiiMaskingLogger(PiiMasker masker, Action<LogLevel, string> write) : ILogger
{
    private const string OriginalFormat = "{OriginalFormat}";

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        if (state is IEnumerable<KeyValuePair<string, object?>> properties)
        {
            foreach (var (name, value) in properties)
            {
                if (name == OriginalFormat)
                {
                    continue;
                }

                if (SensitiveNames.IsSensitive(name))
                {
                    masker.ObserveSecret(value);
                }
                else if (masker.IsPii(name))
                {
                    masker.Observe(value);
                }
            }
        }

        var message = formatter(state, exception);
        write(logLevel, masker.MaskText(exception is null ? message : $"{message}{Environment.NewLine}{exception}"));
    }
}
