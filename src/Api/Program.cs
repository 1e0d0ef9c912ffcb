using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifications.Api.Auth;
using Notifications.Api.Cluster;
using Notifications.Api.Contracts;
using Notifications.Api.Endpoints;
using Notifications.Api.Http;
using Notifications.Api.RealTime;
using Notifications.Api.Telemetry;
using Notifications.Api.Validation;

var builder = WebApplication.CreateBuilder(args);

builder.WebHost.ConfigureKestrel(kestrel =>
{
    // A backstop only: JsonBody enforces the contract's exact 1 MB for every body kind.
    kestrel.Limits.MaxRequestBodySize = 2 * JsonBody.MaxBytes;
});

builder.AddNotificationsCluster();
builder.AddNotificationsAuthentication();
builder.AddNotificationsTelemetry();

builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.FillDefaults);
builder.Services.AddExceptionHandler<ServiceUnavailableExceptionHandler>();
builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
builder.Services.AddResponseCompression(o =>
{
    o.EnableForHttps = true;
    o.MimeTypes = [.. Microsoft.AspNetCore.ResponseCompression.ResponseCompressionDefaults.MimeTypes, "application/problem+json"];
});
builder.Services.AddApiRateLimits(builder.Configuration);
builder.Services.AddOperations();
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => new CursorCodec(HKDF.DeriveKey(
    HashAlgorithmName.SHA256, sp.GetRequiredService<IOptions<AuthOptions>>().Value.SigningKeyBytes, 32, salt: [], info: "notifications-cursor"u8.ToArray())));
builder.Services.AddSingleton<FanOut>();
builder.Services.AddSingleton<AuditLog>();

builder.Services.AddOptions<RealTimeOptions>().Bind(builder.Configuration.GetSection(RealTimeOptions.SectionName))
    .Validate(o => o.MaxConnectionsPerUser > 0 && o.RenewInterval > TimeSpan.Zero, "RealTime options must be positive.")
    .ValidateOnStart();
builder.Services.AddSingleton<UserConnections>();
builder.Services.AddHostedService<SubscriptionRenewalService>();
builder.Services.AddSignalR().AddJsonProtocol(o => ApiJson.Configure(o.PayloadSerializerOptions));

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseResponseCompression();
app.UseWebSockets();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseMiddleware<ConnectionLimitMiddleware>();

app.MapOperations();
app.MapNotificationsApi();
app.MapProducerApi();
app.MapAdminApi();
if (app.Environment.IsDevelopment())
{
    app.MapDevTokenApi();
}

app.MapHub<NotificationsHub>(ConnectionLimitMiddleware.HubPath);

app.Run();

/// <summary>The entry point, public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
