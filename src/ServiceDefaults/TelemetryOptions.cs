namespace Notifications.ServiceDefaults;

/// <summary>What every process records and how it writes its logs (configuration section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// Whether spans are recorded; unset means "when they are exported" (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).
    /// See <see cref="ServiceDefaultsExtensions.IsTracingEnabled"/>.
    /// </summary>
    public bool? Tracing { get; set; }

    /// <summary>The console format: <see cref="LogFormat.Text"/> (default) or <see cref="LogFormat.Json"/>, one object per line.</summary>
    public LogFormat LogFormat { get; set; } = LogFormat.Text;
}

/// <summary>The console log formats; both hash user ids the same way (<see cref="LogRedaction"/>).</summary>
public enum LogFormat
{
    Text,
    Json,
}
