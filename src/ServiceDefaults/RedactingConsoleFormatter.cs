using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Notifications.ServiceDefaults;

/// <summary>
/// The text console format of every process (the default), with user ids hashed wherever they
/// appear inside grain ids and tokens redacted (<see cref="LogRedaction"/>). <see cref="RedactingJsonConsoleFormatter"/>
/// is the structured alternative (<c>Telemetry__LogFormat=Json</c>).
/// </summary>
public sealed class RedactingConsoleFormatter(IOptionsMonitor<ConsoleFormatterOptions> options)
    : ConsoleFormatter(Name)
{
    public new const string Name = "redacting";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var timestamp = options.CurrentValue.TimestampFormat is { } format ? DateTimeOffset.UtcNow.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "";
        textWriter.Write($"{timestamp}{Level(logEntry.LogLevel)}: {logEntry.Category}[{logEntry.EventId.Id}]{Environment.NewLine}");
        if (!string.IsNullOrEmpty(message))
        {
            textWriter.Write($"      {LogRedaction.Redact(message)}{Environment.NewLine}");
        }

        if (logEntry.Exception is { } exception)
        {
            textWriter.Write($"      {LogRedaction.Redact(exception.ToString())}{Environment.NewLine}");
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
