using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Notifications.Api.Http;
using Notifications.Api.Validation;
using Notifications.Auth;

namespace Notifications.Api.Auth;

public static class AuthenticationExtensions
{
    public const string ServicePolicy = "service";
    public const string AdminPolicy = "admin";

    /// <summary>
    /// JWT bearer (HS256 only, with the signing key or an older one still listed; issuer, audience, signature and expiry validated; <c>sub</c> must be a
    /// user id sent as a JSON string), the token also read from <c>access_token</c> on the hub, and
    /// problem bodies for 401 and 403.
    /// </summary>
    public static WebApplicationBuilder AddNotificationsAuthentication(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(AuthOptions.SectionName);
        if (builder.Environment.IsDevelopment() && string.IsNullOrEmpty(section[nameof(AuthOptions.SigningKey)]))
        {
            // Development without a configured key: a fresh one per process; /dev/token mints tokens for it.
            section[nameof(AuthOptions.SigningKey)] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        }

        builder.Services.AddOptions<AuthOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<ValidatedTokenCache>();
        builder.Services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearer>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ServicePolicy, p => p.RequireRole(Roles.Service))
            .AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin));
        return builder;
    }

    private sealed class ConfigureJwtBearer(IOptions<AuthOptions> auth, ValidatedTokenCache validated) : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options) => Configure(options);

        public void Configure(JwtBearerOptions options)
        {
            var settings = auth.Value;
            options.MapInboundClaims = false;

            // Nothing reads the token back from the authentication properties.
            options.SaveToken = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                // The signing key and the older ones of a rotation; tokens carry no key id, so each is tried.
                IssuerSigningKeys = [.. settings.ValidatingKeyBytes.Select(key => new SymmetricSecurityKey(key))],
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = settings.ClockSkew,
                NameClaimType = Roles.SubjectClaim,
                RoleClaimType = Roles.RoleClaim,
            };
            options.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    if (context.HttpContext.Request.Path.StartsWithSegments("/hubs")
                        && context.Request.Query["access_token"] is { Count: 1 } token
                        && !string.IsNullOrEmpty(token[0]))
                    {
                        context.Token = token[0];
                    }

                    if ((context.Token ?? BearerTokenOf(context.Request)) is { } presented
                        && validated.TryGet(presented, out var principal))
                    {
                        context.Principal = principal;
                        context.Success();
                    }

                    return Task.CompletedTask;
                },
                OnTokenValidated = context =>
                {
                    if (!HasValidSubject(context.Principal) || !SubjectIsJsonString(context.SecurityToken))
                    {
                        context.Fail("The token's sub claim must be a user id string.");
                    }
                    else if (context.SecurityToken is JsonWebToken jwt)
                    {
                        validated.Add(jwt.EncodedToken, context.Principal!, jwt.ValidTo);
                    }

                    return Task.CompletedTask;
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    await Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "A valid bearer token is required.");
                },
                OnForbidden = context => Problems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "The token's role does not allow this."),
            };
        }

        // As JwtBearerHandler reads the header; anything else is left to the handler (a cache miss).
        private static string? BearerTokenOf(HttpRequest request)
        {
            var authorization = request.Headers.Authorization.ToString();
            return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && authorization["Bearer ".Length..].Trim() is { Length: > 0 } token
                ? token
                : null;
        }

        // The token handler reads a numeric sub as a string claim ("42"), so the JSON type is
        // checked on the payload as sent.
        private static bool SubjectIsJsonString(SecurityToken token)
        {
            if (token is not JsonWebToken jwt)
            {
                return false;
            }

            try
            {
                using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
                return payload.RootElement.ValueKind == JsonValueKind.Object
                    && payload.RootElement.TryGetProperty(Roles.SubjectClaim, out var sub)
                    && sub.ValueKind == JsonValueKind.String;
            }
            catch (Exception exception) when (exception is JsonException or FormatException or ArgumentException)
            {
                return false;
            }
        }

        // API.md: a sub that is a number, an array, or a string that is not a user id is a 401.
        private static bool HasValidSubject(ClaimsPrincipal? principal)
        {
            var subjects = principal?.FindAll(Roles.SubjectClaim).ToArray() ?? [];
            return subjects is [{ ValueType: ClaimValueTypes.String } subject] && Identifiers.IsUserId(subject.Value);
        }
    }
}
