using System.Security.Cryptography;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifications.Api.Auth;
using Notifications.Api.Contracts;
using Notifications.Api.Endpoints;
using Notifications.Api.Validation;

namespace Notifications.Api.Http;

public static class HttpConventionsExtensions
{
    /// <summary>
    /// The HTTP conventions of API.md (problem bodies, JSON shape, body size, compression, rate
    /// limits) and the services the endpoints use.
    /// </summary>
    public static WebApplicationBuilder AddNotificationsHttp(this WebApplicationBuilder builder)
    {
        // A backstop only: JsonBody enforces the contract's exact 1 MB for every body kind.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 2 * JsonBody.MaxBytes);

        var services = builder.Services;
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.FillDefaults);
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonFallbackWriter>(); // after the default one: whatever the Accept header
        services.AddSingleton<DependencyOutage>();
        services.AddExceptionHandler<ServiceUnavailableExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/problem+json"];
        });
        services.AddApiRateLimits(builder.Configuration);
        services.AddOperations();
        services.TryAddSingleton(TimeProvider.System);
        // Cursors are signed with a key derived from the signing key; those of the older keys still decode.
        services.AddSingleton(sp => new CursorCodec([.. sp.GetRequiredService<IOptions<AuthOptions>>().Value.ValidatingKeyBytes.Select(key =>
            HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, salt: [], info: "notifications-cursor"u8.ToArray()))]));
        services.AddSingleton<FanOut>();
        return builder;
    }
}
