using Notifications.Api.Auth;
using Notifications.Api.Cluster;
using Notifications.Api.Endpoints;
using Notifications.Api.Http;
using Notifications.Api.OpenApi;
using Notifications.Api.RealTime;
using Notifications.Api.Telemetry;
using Notifications.Api.WebApp;
using Notifications.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddNotificationsCluster();
builder.AddNotificationsAuthentication();
builder.AddServiceDefaults();
builder.Services.AddSingleton<NotificationsMetrics>();
builder.AddNotificationsHttp();
builder.Services.AddNotificationsRealTime(builder.Configuration);
builder.Services.AddNotificationsOpenApi();
builder.Services.AddWebCors(builder.Configuration);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseResponseCompression();
app.UseWebCors(app.Configuration);
app.UseWebApp();
app.UseWebSockets();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseMiddleware<HubAdmissionMiddleware>();

app.MapDefaultEndpoints();
app.MapReadiness();
app.MapNotificationsApi();
app.MapProducerApi();
app.MapAdminApi();
if (app.Environment.IsDevelopment())
{
    app.MapDevTokenApi();
}

app.MapNotificationsHub();
app.MapNotificationsOpenApi();

app.Run();

/// <summary>The entry point, public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
