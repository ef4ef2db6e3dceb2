using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cashman.Tests.Integration;

/// <summary>A logger provider that keeps every entry the host's log filters let through, for assertions.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries);

    public void Dispose()
    {
    }

    public sealed record LogEntry(string Category, LogLevel Level, string EventName, string Message, IReadOnlyDictionary<string, object?> State, Exception? Exception)
    {
        /// <summary>Everything the entry would put in a log sink.</summary>
        public string Everything => $"{Category} {Message} {string.Join(' ', State.Select(s => $"{s.Key}={s.Value}"))} {Exception}";
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            entries.Enqueue(new LogEntry(
                category,
                logLevel,
                eventId.Name ?? string.Empty,
                formatter(state, exception),
                values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal),
                exception));
        }
    }
}
