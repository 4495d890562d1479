using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Tests.Fixtures;

/// <summary>A logger that keeps every message written at Warning or above, for tests that assert on what on-call staff would read.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _warnings = new();

    public IReadOnlyList<string> Warnings => [.. _warnings];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            _warnings.Enqueue(formatter(state, exception));
        }
    }
}
