using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Notifications.ServiceDefaults;

/// <summary>
/// What every process of the service shares (eShop's ServiceDefaults): OpenTelemetry traces and
/// metrics for ASP.NET Core, the runtime, Orleans, Npgsql and the service's own meters,
/// Prometheus text on <c>/metrics</c>, OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// (traces are recorded only then, or with <c>Telemetry__Tracing=true</c>),
/// <c>/health/live</c>, and console logs (text or JSON) and spans with user ids hashed and tokens
/// redacted.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The service's own meters, wherever they are created.</summary>
    public static readonly string[] Meters = ["Notifications", "Notifications.Inbox", "Notifications.Storage", "Microsoft.Orleans"];

    /// <summary>Trace sources: Orleans grain calls (incl. pushes to observers), the inbox's persist and push steps, PostgreSQL commands.</summary>
    public static readonly string[] Sources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Notifications.Grains", "Npgsql"];

    /// <summary>
    /// Whether spans are recorded: when they are exported (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>), or when
    /// <c>Telemetry:Tracing</c> says so. Recording spans nobody reads costs about a fifth of the
    /// allocations of a create (an Activity with tags per grain call, write and push), so the default
    /// without an exporter is off. <c>OTEL_TRACES_SAMPLER</c>/<c>_ARG</c> set the sampling ratio when on.
    /// </summary>
    public static bool IsTracingEnabled(IConfiguration configuration) =>
        ReadTelemetryOptions(configuration).Tracing ?? HasOtlpEndpoint(configuration);

    /// <summary>The <c>Telemetry</c> section; read before the host is built (it chooses what is registered).</summary>
    public static TelemetryOptions ReadTelemetryOptions(IConfiguration configuration) =>
        configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddMeter(Meters)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        if (IsTracingEnabled(builder.Configuration))
        {
            // The redaction is the pipeline's first processor: exporters added after it (OTLP below,
            // a test's in-memory one) only ever see redacted spans.
            otel.WithTracing(tracing => tracing
                .AddProcessor(new RedactingSpanProcessor())
                .AddSource(Sources)
                .AddAspNetCoreInstrumentation(o => o.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/metrics") && !context.Request.Path.StartsWithSegments("/health")));
        }

        if (HasOtlpEndpoint(builder.Configuration))
        {
            otel.UseOtlpExporter();
        }

        builder.Services.AddHealthChecks();
        var formatter = ReadTelemetryOptions(builder.Configuration).LogFormat == LogFormat.Json
            ? RedactingJsonConsoleFormatter.Name
            : RedactingConsoleFormatter.Name;
        builder.Logging.AddConsole(o => o.FormatterName = formatter)
            .AddConsoleFormatter<RedactingConsoleFormatter, ConsoleFormatterOptions>()
            .AddConsoleFormatter<RedactingJsonConsoleFormatter, ConsoleFormatterOptions>();
        return builder;
    }

    private static bool HasOtlpEndpoint(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public const string LivePath = "/health/live";
    public const string MetricsPath = "/metrics";

    /// <summary><c>/health/live</c> (200 while the process runs) and <c>/metrics</c>; no token, no rate limit.</summary>
    public static IEndpointRouteBuilder MapDefaultEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteStatusAsync });
        routes.MapPrometheusScrapingEndpoint(MetricsPath);
        return routes;
    }

    /// <summary>A small JSON body for healthy answers.</summary>
    public static Task WriteStatusAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync($$"""{"status":"{{report.Status}}"}""");
    }
}
