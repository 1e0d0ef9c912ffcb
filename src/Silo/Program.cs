using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notifications.Grains.Hosting;
using Notifications.ServiceDefaults;
using Orleans.Dashboard;

// A silo on its own: hosts the grains and the store; Api nodes join it as Orleans clients
// (Cluster__Mode=Client). It serves /health/live, /health/ready and /metrics, and the Orleans
// Dashboard on a port of its own (Dashboard__Port) that operators keep off the public network.
var builder = WebApplication.CreateBuilder(args);

// Where it listens unless --urls, ASPNETCORE_URLS or Urls says otherwise (all three reach "urls";
// a default in appsettings.json would override ASPNETCORE_URLS, e.g. the container image's).
const string DefaultUrls = "http://127.0.0.1:5100";
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.Configuration["urls"] = DefaultUrls;
}

var cluster = ClusterHostingOptions.Read(builder.Configuration);
var dashboard = builder.Configuration.GetSection(SiloDashboardOptions.SectionName).Get<SiloDashboardOptions>() ?? new SiloDashboardOptions();
builder.UseOrleans(silo =>
{
    silo.UseNotificationsClustering(cluster).AddNotificationGrains(builder.Configuration);
    if (cluster.Kubernetes)
    {
        silo.UseKubernetesHosting();
    }

    if (ServiceDefaultsExtensions.IsTracingEnabled(builder.Configuration))
    {
        silo.AddActivityPropagation();
    }

    if (dashboard.Port is not null)
    {
        silo.AddDashboard();
    }
});
builder.AddServiceDefaults();
builder.Services.AddHealthChecks().AddCheck<SiloReadinessHealthCheck>("silo-active", tags: ["ready"]);

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapHealthChecks("/health/ready", new HealthCheckOptions
{
    Predicate = check => check.Tags.Contains("ready"),
    ResponseWriter = ServiceDefaultsExtensions.WriteStatusAsync,
    ResultStatusCodes = { [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
});
if (dashboard.Port is { } port)
{
    // Only on its own port: the dashboard has no authentication of its own. Adding a URL replaces
    // the configured ones, so keep those too.
    foreach (var url in app.Configuration["urls"]!.Split(';', StringSplitOptions.RemoveEmptyEntries))
    {
        app.Urls.Add(url);
    }

    app.Urls.Add($"http://{dashboard.Host}:{port}");
    app.MapOrleansDashboard(dashboard.Path).RequireHost($"*:{port}");
}

app.Run();
