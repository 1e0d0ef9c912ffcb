using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Notifications.Api.Auth;

namespace Notifications.Api.Http;

/// <summary>Request limits on <c>/api/…</c> (configuration section <c>RateLimits</c>).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Requests per minute for every caller without role <c>service</c> (API.md: 100).</summary>
    public int UserRequestsPerMinute { get; set; } = 100;

    /// <summary>Requests per second per <c>sub</c> for producers; high so load tests are not throttled.</summary>
    public int ServiceRequestsPerSecond { get; set; } = 10_000;
}

public static class ApiRateLimits
{
    public const string Policy = "api";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName))
            .Validate(o => o.UserRequestsPerMinute > 0 && o.ServiceRequestsPerSecond > 0, "RateLimits must be positive.")
            .ValidateOnStart();
        var limits = configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.OnRejected = (context, _) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                return new ValueTask(Problems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests.", wait));
            };
            options.AddPolicy(Policy, context =>
            {
                var user = context.User;
                var subject = user.FindFirst(Roles.SubjectClaim)?.Value;
                if (subject is null)
                {
                    return RateLimitPartition.GetNoLimiter("anonymous"); // answered 401 before it does any work
                }

                return user.IsInRole(Roles.Service)
                    ? RateLimitPartition.GetFixedWindowLimiter("service:" + subject, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.ServiceRequestsPerSecond,
                        Window = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetFixedWindowLimiter("user:" + subject, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.UserRequestsPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    });
            });
        });
        return services;
    }
}
