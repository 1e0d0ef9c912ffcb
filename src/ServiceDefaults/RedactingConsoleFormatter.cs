using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Notifications.Grains.Domain;

namespace Notifications.ServiceDefaults;

/// <summary>
/// The console format of every process, with user ids hashed wherever they appear inside grain
/// ids (<c>userinbox/alice</c> → <c>userinbox/#2bd806c97f0e00af</c>): Orleans' own messages and
/// exceptions name grains by key, and keys are user ids (SPEC §8: logs never carry raw user ids).
/// </summary>
public sealed partial class RedactingConsoleFormatter(IOptionsMonitor<ConsoleFormatterOptions> options)
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
            textWriter.Write($"      {Redact(message)}{Environment.NewLine}");
        }

        if (logEntry.Exception is { } exception)
        {
            textWriter.Write($"      {Redact(exception.ToString())}{Environment.NewLine}");
        }
    }

    /// <summary>Replaces the key of every user-keyed grain id in <paramref name="text"/> by its hash.</summary>
    public static string Redact(string text) =>
        GrainKey().Replace(text, match => $"{match.Groups["type"].Value}/#{UserIdHash.Of(match.Groups["key"].Value)}");

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

    // Inbox keys are user ids; mention-limiter keys are "sender/recipient", both user ids.
    [GeneratedRegex(@"(?<type>userinbox|mentionlimiter)/(?<key>[A-Za-z0-9_\-]+(?:/[A-Za-z0-9_\-]+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex GrainKey();
}
