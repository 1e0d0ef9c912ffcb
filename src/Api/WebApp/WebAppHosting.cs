using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Notifications.Api.WebApp;

/// <summary>Configuration section <c>WebApp</c>: where the built web inbox is and whether the Api serves it.</summary>
public sealed class WebAppOptions
{
    public const string SectionName = "WebApp";

    /// <summary>The default <see cref="Path"/>: <c>web/dist</c> of the repository, from <c>src/Api</c>.</summary>
    public const string DefaultPath = "../../web/dist";

    /// <summary>Serve the web inbox at <c>/</c>; when unset, only in Development.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The folder <c>npm run build -w web</c> writes; absolute, or relative to the content root.</summary>
    public string Path { get; set; } = DefaultPath;
}

/// <summary>
/// Serves the built web inbox (<c>web/dist</c>) at <c>/</c>: files only, no SPA fallback, so an
/// unknown path stays a 404 problem and the API's routes are untouched. <c>index.html</c> is
/// revalidated on every load; the hashed files under <c>assets/</c> never change, so they are cached for good.
/// </summary>
public static partial class WebAppHosting
{
    private const string Immutable = "public, max-age=31536000, immutable";

    public static IApplicationBuilder UseWebApp(this WebApplication app)
    {
        var options = app.Configuration.GetSection(WebAppOptions.SectionName).Get<WebAppOptions>() ?? new WebAppOptions();
        if (!(options.Enabled ?? app.Environment.IsDevelopment()))
        {
            return app;
        }

        var root = System.IO.Path.GetFullPath(options.Path, app.Environment.ContentRootPath);
        if (!File.Exists(System.IO.Path.Combine(root, "index.html")))
        {
            LogWarningWebAppMissing(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Notifications.WebApp"), root);
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal) ? Immutable : CacheControlHeaderValue.NoCacheString,
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The web inbox is not served: {Root} holds no index.html. Build it with 'npm run build -w web' at the repository root, or point WebApp__Path at a built copy (WebApp__Enabled=false turns this off).")]
    private static partial void LogWarningWebAppMissing(ILogger logger, string root);
}
