using Microsoft.Extensions.Logging;

namespace DataEngineer.Sdk;

/// <summary>An <see cref="ILogger"/> that hands each formatted line (with any exception) to a callback.</summary>
public sealed class LineLogger(Action<LogLevel, string> write) : ILogger
{
    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var message = formatter(state, exception);
        write(logLevel, exception is null ? message : $"{message}{Environment.NewLine}{exception}");
    }
}
