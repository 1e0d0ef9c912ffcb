using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Notifications.ServiceDefaults;

/// <summary>
/// Structured console logs (<c>Telemetry__LogFormat=Json</c>): one JSON object per line with
/// <c>timestamp</c> (UTC, ISO 8601), <c>level</c>, <c>category</c>, <c>eventId</c>,
/// <c>eventName</c>, <c>message</c>, <c>exception</c>, <c>traceId</c> and <c>spanId</c> of the
/// current <see cref="Activity"/> (every HTTP request has one; grain calls too when
/// <c>Telemetry__Tracing</c> is on), and the message's named values under <c>state</c>.
/// Every string — message, exception, values — goes through the same <see cref="LogRedaction"/>
/// as the text format, so neither a user id inside a grain id nor a token reaches the output; the service logs
/// no notification text in either format.
/// </summary>
public sealed class RedactingJsonConsoleFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "redacting-json";

    private const string OriginalFormat = "{OriginalFormat}";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteString("category", logEntry.Category);
            json.WriteNumber("eventId", logEntry.EventId.Id);
            if (!string.IsNullOrEmpty(logEntry.EventId.Name))
            {
                json.WriteString("eventName", logEntry.EventId.Name);
            }

            if (!string.IsNullOrEmpty(message))
            {
                json.WriteString("message", LogRedaction.Redact(message));
            }

            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", LogRedaction.Redact(exception.ToString()));
            }

            if (Activity.Current is { } activity)
            {
                json.WriteString("traceId", activity.TraceId.ToHexString());
                json.WriteString("spanId", activity.SpanId.ToHexString());
            }

            WriteState(json, logEntry.State);
            json.WriteEndObject();
        }

        textWriter.Write(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write(Environment.NewLine);
    }

    private static void WriteState<TState>(Utf8JsonWriter json, TState state)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values || values.Count == 0)
        {
            return;
        }

        json.WriteStartObject("state");
        foreach (var (key, value) in values)
        {
            switch (value)
            {
                case null:
                    json.WriteNull(key);
                    break;
                case bool flag:
                    json.WriteBoolean(key, flag);
                    break;
                case int or long or short or byte or uint or ulong or ushort or sbyte or decimal:
                    json.WritePropertyName(key);
                    json.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                    break;
                case double or float when double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture)):
                    json.WriteNumber(key, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                    break;
                default:
                    var text = key == OriginalFormat ? value.ToString() : Convert.ToString(value, CultureInfo.InvariantCulture);
                    json.WriteString(key, text is null ? null : LogRedaction.Redact(text));
                    break;
            }
        }

        json.WriteEndObject();
    }
}
