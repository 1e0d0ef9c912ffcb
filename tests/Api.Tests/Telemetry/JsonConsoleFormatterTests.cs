using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Notifications.Grains.Domain;
using Notifications.ServiceDefaults;

namespace Notifications.Api.Tests.Telemetry;

/// <summary>Nothing else may write to the process's console while a test captures it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCaptureCollection
{
    public const string Name = "console capture";
}

/// <summary>
/// <c>Telemetry__LogFormat=Json</c> as a process gets it from <c>AddServiceDefaults</c>: the console
/// output is captured and read back line by line.
/// </summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class JsonConsoleFormatterTests
{
    [Fact]
    public void Each_entry_is_one_JSON_line_with_trace_and_span_ids_and_user_ids_hashed()
    {
        using var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C);
        var lines = CaptureConsole("Json", logger =>
        {
            activity.Start();
            logger.LogWarning(
                new InvalidOperationException("userinbox/carol is gone"),
                "Activating {Grain} took {Elapsed} ms for {Count} calls",
                "userinbox/carol",
                12.5,
                3);
            activity.Stop();
            logger.LogInformation("Outside any activity");
        });

        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).Where(e => e.GetProperty("category").GetString() == "Notifications.Test").ToArray();
        Assert.Equal(2, entries.Length);
        var warning = entries[0];
        var hashed = $"userinbox/#{UserIdHash.Of("carol")}";
        Assert.Equal("Warning", warning.GetProperty("level").GetString());
        Assert.Equal($"Activating {hashed} took 12.5 ms for 3 calls", warning.GetProperty("message").GetString());
        Assert.StartsWith($"System.InvalidOperationException: {hashed} is gone", warning.GetProperty("exception").GetString(), StringComparison.Ordinal);
        Assert.Equal(activity.TraceId.ToHexString(), warning.GetProperty("traceId").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), warning.GetProperty("spanId").GetString());
        Assert.Equal(32, warning.GetProperty("traceId").GetString()!.Length);
        var state = warning.GetProperty("state");
        Assert.Equal(hashed, state.GetProperty("Grain").GetString());
        Assert.Equal(12.5, state.GetProperty("Elapsed").GetDouble());
        Assert.Equal(3, state.GetProperty("Count").GetInt32());
        Assert.Equal("Activating {Grain} took {Elapsed} ms for {Count} calls", state.GetProperty("{OriginalFormat}").GetString());
        Assert.True(DateTimeOffset.TryParse(warning.GetProperty("timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));

        var outside = entries[1];
        Assert.Equal("Information", outside.GetProperty("level").GetString());
        Assert.False(outside.TryGetProperty("traceId", out _));
        Assert.False(outside.TryGetProperty("spanId", out _));
        Assert.DoesNotContain(lines, line => line.Contains("carol", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_stays_the_redacting_text_format()
    {
        var lines = CaptureConsole(null, logger => logger.LogWarning("activating userinbox/dave failed"));

        var at = Array.FindIndex(lines, l => l.StartsWith("warn: Notifications.Test[0]", StringComparison.Ordinal));
        Assert.True(at >= 0, string.Join('\n', lines));
        Assert.Equal($"      activating userinbox/#{UserIdHash.Of("dave")} failed", lines[at + 1]);
        Assert.DoesNotContain(lines, line => line.TrimStart().StartsWith('{'));
    }

    /// <summary>Builds a host with the service defaults, logs through it, disposes it (which flushes the console queue) and returns what reached the console.</summary>
    private static string[] CaptureConsole(string? logFormat, Action<ILogger> log)
    {
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Telemetry:LogFormat"] = logFormat,
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Notifications.Test"] = "Information",
            });
            builder.AddServiceDefaults();
            using (var host = builder.Build())
            {
                log(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Notifications.Test"));
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        return captured.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
    }
}
