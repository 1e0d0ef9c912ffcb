namespace Notifications.Api.Http;

/// <summary>
/// CORS for browser clients on other origins (configuration <c>AllowedOrigins</c>: an array, or a
/// comma-separated list). None by default, and then no CORS header at all. When set, only
/// <c>/api/…</c> and <c>/hubs/…</c> carry it, with credentials (SignalR's negotiate and its SSE and
/// long-polling requests send them) and <c>Retry-After</c> readable by the page.
/// </summary>
public static class WebCors
{
    public const string SectionName = "AllowedOrigins";
    public const string Policy = "web";

    public static IServiceCollection AddWebCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = ReadOrigins(configuration);
        if (origins.Count > 0)
        {
            services.AddCors(o => o.AddPolicy(Policy, policy => policy
                .WithOrigins([.. origins])
                .AllowAnyHeader()
                .AllowAnyMethod()
                .AllowCredentials()
                .WithExposedHeaders("Retry-After")));
        }

        return services;
    }

    /// <summary>
    /// Before authentication and the rate limiter, so a preflight is answered without a token, and
    /// around every answer of those paths (401, 404, 429 and 503 included) so a page can read them.
    /// </summary>
    public static IApplicationBuilder UseWebCors(this IApplicationBuilder app, IConfiguration configuration)
    {
        if (ReadOrigins(configuration).Count > 0)
        {
            app.UseWhen(IsCorsPath, branch => branch.UseCors(Policy));
        }

        return app;
    }

    private static bool IsCorsPath(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase);

    /// <summary>The configured origins (<c>AllowedOrigins__0=…</c> or <c>AllowedOrigins=a,b</c>), each checked.</summary>
    public static IReadOnlyList<string> ReadOrigins(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        // A section can hold a value and children at once (an empty value is common): take both.
        var values = (section.Value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(section.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0));
        return values.Select(Check).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    private static string Check(string origin)
    {
        var trimmed = origin.TrimEnd('/');
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.PathAndQuery != "/" || uri.UserInfo.Length > 0)
        {
            throw new InvalidOperationException(
                $"{SectionName} holds '{origin}', which is not an origin: give scheme://host[:port], e.g. http://localhost:5173 (a wildcard cannot go with credentials).");
        }

        return trimmed;
    }
}
