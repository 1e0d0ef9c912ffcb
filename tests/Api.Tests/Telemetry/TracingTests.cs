using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Api.Tests.Infrastructure;
using OpenTelemetry.Trace;

namespace Notifications.Api.Tests.Telemetry;

/// <summary>One trace spans a create: the Api request, the grain call, the durable write and the push.</summary>
public sealed class TracingTests(TracingTests.TracedApiFactory factory) : IClassFixture<TracingTests.TracedApiFactory>
{
    [Fact]
    public async Task A_create_is_one_trace_from_the_request_to_the_push()
    {
        var userId = NotificationsApiFactory.NewUserId();
        await using var connection = factory.HubFor(userId);
        var events = new EventRecorder(connection);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await events.NextAsync("notification:counts");
        using var producer = factory.Producer();

        // Our own trace id: every host in this test process exports to the same listeners.
        var traceId = ActivityTraceId.CreateRandom();
        producer.DefaultRequestHeaders.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        await producer.CreateAsync(userId);
        await events.NextAsync("notification");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var spans = factory.Spans.Snapshot();

            var trace = spans.Where(s => s.TraceId == traceId).ToArray();
            if (trace.Any(s => s.Kind == ActivityKind.Server && s.DisplayName.StartsWith("POST /api/notifications", StringComparison.Ordinal))
                && trace.Any(s => s.DisplayName == "inbox persist") && trace.Any(s => s.DisplayName == "inbox push")
                && trace.Any(s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("IUserInboxGrain", StringComparison.Ordinal)))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "Spans of the trace: " + string.Join(", ", trace.Select(s => $"{s.Source.Name}:{s.DisplayName}")));
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The service with tracing on and an in-memory span exporter next to its own telemetry.</summary>
    public sealed class TracedApiFactory : NotificationsApiFactory
    {
        public LockedCollection<Activity> Spans { get; } = [];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Telemetry:Tracing", "true");
            builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans)));
        }
    }
}

/// <summary>The exporter adds from any thread while the test reads.</summary>
public sealed class LockedCollection<T> : System.Collections.ObjectModel.Collection<T>
{
    private readonly Lock _lock = new();

    public T[] Snapshot()
    {
        lock (_lock)
        {
            return [.. Items];
        }
    }

    protected override void InsertItem(int index, T item)
    {
        lock (_lock)
        {
            base.InsertItem(index, item);
        }
    }
}

/// <summary>Without an exporter (and without <c>Telemetry:Tracing</c>) no tracer records spans nobody reads.</summary>
[Collection(ApiCollection.Name)]
public sealed class TracingDefaultsTests(NotificationsApiFactory factory)
{
    [Fact]
    public void Without_an_exporter_the_service_records_no_spans() =>
        Assert.Null(factory.Services.GetService<TracerProvider>());
}
