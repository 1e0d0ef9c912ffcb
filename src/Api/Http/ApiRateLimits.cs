using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Notifications.Api.Auth;
using Notifications.Grains.Domain;

namespace Notifications.Api.Http;

/// <summary>Request limits on <c>/api/…</c> (configuration section <c>RateLimits</c>).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Requests per minute for every caller without role <c>service</c> (API.md: 100).</summary>
    public int UserRequestsPerMinute { get; set; } = 100;

    /// <summary>Requests per second per <c>sub</c> for producers, across the cluster; high so load tests are not throttled.</summary>
    public int ServiceRequestsPerSecond { get; set; } = 10_000;
}

/// <summary>
/// The limits of API.md on <c>/api/…</c>. A caller without role <c>service</c> is limited twice:
/// by this node's own fixed window (it turns a flood away before it costs a grain call, and counts
/// requests that never reach an inbox, such as a 400), and across the cluster by the user's inbox,
/// which counts the request when it arrives (<see cref="UserRequestLimit"/>): behind a load
/// balancer the user gets 100 a minute in total, not 100 per node. A producer (<c>service</c>) is
/// limited per <c>sub</c> across the cluster too, by permits its quota grain leases to each node
/// (<see cref="ProducerQuotaLimiter"/>).
/// </summary>
public static class ApiRateLimits
{
    public const string Policy = "api";

    /// <summary>
    /// The cluster-wide count of an end user's (or admin's) request: marks its calls so that the
    /// user's inbox counts it. With <paramref name="chargeOwnInbox"/> (routes that call no inbox of
    /// the caller's own, like a broadcast) the inbox is asked to count it before the handler runs.
    /// </summary>
    public static TBuilder RequireUserRequestLimit<TBuilder>(this TBuilder builder, bool chargeOwnInbox = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!http.User.IsInRole(Roles.Service) && http.User.FindFirst(Roles.SubjectClaim)?.Value is { } subject)
            {
                UserRequestLimit.Mark(UserIdHash.Of(subject), http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.UserRequestsPerMinute);
                if (chargeOwnInbox)
                {
                    await http.RequestServices.GetRequiredService<IGrainFactory>().GetUserInbox(subject).ChargeRequestAsync();
                }
            }

            return await next(context);
        });

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
                    ? RateLimitPartition.Get("service:" + subject, _ => new ProducerQuotaLimiter(
                        context.RequestServices.GetRequiredService<IGrainFactory>().GetProducerQuota(subject),
                        limits.ServiceRequestsPerSecond,
                        context.RequestServices.GetRequiredService<TimeProvider>()))
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
