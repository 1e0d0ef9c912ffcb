using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Notifications.ServiceDefaults;

namespace Notifications.Api.Tests.Telemetry;

/// <summary>
/// What the console would print, in every format the service has, without the console: a logger
/// provider that hands each entry to the host's own registered <see cref="ConsoleFormatter"/>s
/// (text and JSON) and keeps their output. Redaction lives in those formatters, so their output,
/// not the raw <see cref="ILogger"/> call, is what a privacy check must read; and a buffer per
/// host, unlike <see cref="Console.SetOut(TextWriter)"/>, lets tests run in parallel.
/// </summary>
public sealed class FormattedLogCapture
{
    public static readonly string[] FormatterNames = [RedactingConsoleFormatter.Name, RedactingJsonConsoleFormatter.Name];

    private readonly LockedCollection<FormattedEntry> _entries = [];

    /// <summary>Every entry as each formatter wrote it, in the order they were logged.</summary>
    public FormattedEntry[] Snapshot() => _entries.Snapshot();

    /// <summary>Adds the capture to a host's logging; the formatters are resolved from the host's services.</summary>
    public void AddTo(IServiceCollection services) =>
        services.AddSingleton<ILoggerProvider>(provider =>
        {
            var registered = provider.GetServices<ConsoleFormatter>().ToArray();
            var formatters = FormatterNames
                .Select(name => registered.SingleOrDefault(f => f.Name == name) ?? throw new InvalidOperationException($"No console formatter '{name}' is registered."))
                .ToArray();
            return new Provider(this, formatters);
        });

    /// <param name="Formatter">The formatter's name (<see cref="FormatterNames"/>).</param>
    /// <param name="Text">Its whole output for the entry, new lines included.</param>
    public sealed record FormattedEntry(string Formatter, string Category, LogLevel Level, string Text);

    private sealed class Provider(FormattedLogCapture capture, ConsoleFormatter[] formatters) : ILoggerProvider, ISupportExternalScope
    {
        private readonly FormattedLogCapture _capture = capture;
        private readonly ConsoleFormatter[] _formatters = formatters;
        private IExternalScopeProvider? _scopes;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(Provider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner._scopes?.Push(state);

            // The host's filter rules (Logging:LogLevel) decide, as they do for the console.
            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var entry = new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter);
                foreach (var consoleFormatter in owner._formatters)
                {
                    using var writer = new StringWriter();
                    consoleFormatter.Write(entry, owner._scopes, writer);
                    if (writer.GetStringBuilder().Length > 0)
                    {
                        owner._capture._entries.Add(new FormattedEntry(consoleFormatter.Name, category, logLevel, writer.ToString()));
                    }
                }
            }
        }
    }
}
