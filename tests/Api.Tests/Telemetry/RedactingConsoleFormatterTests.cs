using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Notifications.Grains.Domain;
using Notifications.ServiceDefaults;

namespace Notifications.Api.Tests.Telemetry;

public sealed class RedactingConsoleFormatterTests
{
    [Fact]
    public void User_ids_inside_grain_ids_are_hashed()
    {
        var text = "Response did not arrive for [S127.0.0.1:11111:1 userinbox/alice@6f1e] and mentionlimiter/bob/alice; user counts stay";

        var redacted = LogRedaction.Redact(text);

        Assert.Equal(
            $"Response did not arrive for [S127.0.0.1:11111:1 userinbox/#{UserIdHash.Of("alice")}@6f1e] and mentionlimiter/#{UserIdHash.Of("bob/alice")}; user counts stay",
            redacted);
        Assert.DoesNotContain("alice", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_and_exceptions_are_written_redacted()
    {
        var formatter = new RedactingConsoleFormatter(new StaticOptions(new ConsoleFormatterOptions()));
        using var output = new StringWriter();
        var entry = new LogEntry<string>(
            LogLevel.Warning, "Orleans.Grain", new EventId(7), "activating userinbox/carol failed", new InvalidOperationException("userinbox/carol is gone"), (s, _) => s);

        formatter.Write(entry, null, output);

        var written = output.ToString();
        Assert.StartsWith("warn: Orleans.Grain[7]", written, StringComparison.Ordinal);
        Assert.Contains($"userinbox/#{UserIdHash.Of("carol")}", written, StringComparison.Ordinal);
        Assert.DoesNotContain("carol", written, StringComparison.Ordinal);
    }

    private sealed class StaticOptions(ConsoleFormatterOptions value) : IOptionsMonitor<ConsoleFormatterOptions>
    {
        public ConsoleFormatterOptions CurrentValue => value;

        public ConsoleFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConsoleFormatterOptions, string?> listener) => null;
    }
}
