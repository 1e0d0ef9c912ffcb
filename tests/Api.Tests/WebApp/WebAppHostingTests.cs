using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Api.Tests.Contract;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.WebApp;

/// <summary>A throwaway build of the web inbox: an index and a hashed asset, as vite writes them.</summary>
public sealed class ThrowawayWebDist : IDisposable
{
    public const string Index = "<!doctype html><html><head><script type=\"module\" src=\"/assets/index-3f2a9c1d.js\"></script></head><body><div id=\"root\"></div></body></html>";
    public const string AssetPath = "assets/index-3f2a9c1d.js";
    public const string Asset = "console.log('inbox');";

    public ThrowawayWebDist()
    {
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "assets"));
        File.WriteAllText(System.IO.Path.Combine(Path, "index.html"), Index);
        File.WriteAllText(System.IO.Path.Combine(Path, AssetPath), Asset);
    }

    public string Path { get; } = Directory.CreateTempSubdirectory("web-dist-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Production with <c>WebApp__Enabled=true</c> and an absolute <c>WebApp__Path</c>.</summary>
public sealed class WebAppApiFixture : IAsyncLifetime
{
    public ThrowawayWebDist Dist { get; } = new();

    public ConfiguredApiFactory Factory { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Factory = new ConfiguredApiFactory(null, "Production", new Dictionary<string, string?> { ["WebApp:Enabled"] = "true", ["WebApp:Path"] = Dist.Path });
        await Factory.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        Dist.Dispose();
    }
}

/// <summary>The web inbox at <c>/</c>: files only, cache headers, no fallback, API untouched.</summary>
public sealed class WebAppHostingTests(WebAppApiFixture fixture) : IClassFixture<WebAppApiFixture>
{
    [Theory]
    [InlineData("")]
    [InlineData("index.html")]
    public async Task The_index_is_served_and_revalidated_on_every_load(string path)
    {
        using var browser = fixture.Factory.ClientFor(null);
        using var response = await browser.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal(ThrowawayWebDist.Index, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Hashed_assets_are_cached_for_good()
    {
        using var browser = fixture.Factory.ClientFor(null);
        using var response = await browser.GetAsync(ThrowawayWebDist.AssetPath, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        Assert.Equal(ThrowawayWebDist.Asset, await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("inbox")]
    [InlineData("settings/preferences")]
    [InlineData("assets/missing.js")]
    [InlineData("api/nope")]
    public async Task Unknown_paths_stay_404_problems_without_a_fallback_to_the_index(string path)
    {
        using var browser = fixture.Factory.ClientFor(null);
        await (await browser.GetAsync(path, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_api_is_untouched()
    {
        using var anonymous = fixture.Factory.ClientFor(null);
        await (await anonymous.GetAsync("api/notifications/counts", Ct)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("health/live", Ct)).StatusCode);
        using var user = fixture.Factory.ClientFor(NotificationsApiFactory.NewUserId());
        await (await user.GetAsync("api/notifications/counts", Ct)).ExpectAsync(HttpStatusCode.OK);
    }
}

/// <summary>Where the web inbox is not served: outside Development by default, or when its folder is missing.</summary>
public sealed class WebAppNotServedTests(ProductionApiFixture production) : IClassFixture<ProductionApiFixture>
{
    [Fact]
    public async Task Outside_development_nothing_is_served_unless_enabled()
    {
        using var browser = production.Factory.ClientFor(null);
        await (await browser.GetAsync("", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await browser.GetAsync("index.html", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task In_development_a_path_relative_to_the_content_root_is_served_by_default()
    {
        using var dist = new ThrowawayWebDist();
        var contentRoot = production.Factory.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
        await using var development = new ConfiguredApiFactory(null, "Development", new Dictionary<string, string?>
        {
            ["WebApp:Path"] = Path.GetRelativePath(contentRoot, dist.Path),
        });
        await development.InitializeAsync();

        using var browser = development.ClientFor(null);
        using var response = await browser.GetAsync("", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ThrowawayWebDist.Index, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Enabled_with_a_missing_folder_logs_one_warning_and_serves_nothing()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-web-dist-" + Guid.NewGuid().ToString("N"));
        await using var factory = new LogRecordingApiFactory(new Dictionary<string, string?> { ["WebApp:Enabled"] = "true", ["WebApp:Path"] = missing });
        await factory.InitializeAsync();

        var warnings = factory.Logs.Where(l => l.Category == "Notifications.WebApp").ToList();
        var warning = Assert.Single(warnings);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(missing, warning.Message, StringComparison.Ordinal);
        Assert.Contains("npm run build -w web", warning.Message, StringComparison.Ordinal);

        using var browser = factory.ClientFor(null);
        await (await browser.GetAsync("", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("health/ready", Ct)).StatusCode);
    }

    /// <summary>The service in Production with its log messages recorded.</summary>
    private sealed class LogRecordingApiFactory(IReadOnlyDictionary<string, string?> settings)
        : NotificationsApiFactory(null, "Production", settings)
    {
        private readonly LogRecorder _recorder = new();

        public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Logs => _recorder.Logs;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(_recorder));
        }
    }

    private sealed class LogRecorder : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Logs { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Recorder(LogRecorder owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Logs.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
