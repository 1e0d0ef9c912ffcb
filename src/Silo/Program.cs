using Notifications.Grains.Hosting;
using Notifications.ServiceDefaults;
using Orleans.Dashboard;

// A silo on its own: hosts the grains and the store; Api nodes join it as Orleans clients
// (Cluster__Mode=Client). It serves /health/live and /metrics, and the Orleans Dashboard on a
// port of its own (Dashboard__Port) that operators keep off the public network.
var builder = WebApplication.CreateBuilder(args);

var cluster = builder.Configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>() ?? new ClusterHostingOptions();
var dashboardPort = builder.Configuration.GetValue<int?>("Dashboard:Port");
builder.UseOrleans(silo =>
{
    silo.UseNotificationsClustering(cluster).AddNotificationGrains(builder.Configuration);
    if (ServiceDefaultsExtensions.IsTracingEnabled(builder.Configuration))
    {
        silo.AddActivityPropagation();
    }

    if (dashboardPort is not null)
    {
        silo.AddDashboard();
    }
});
builder.AddServiceDefaults();

var app = builder.Build();
app.MapDefaultEndpoints();
if (dashboardPort is { } port)
{
    // Only on its own port: the dashboard has no authentication of its own. Adding a URL replaces
    // the configured ones, so keep those too.
    foreach (var url in (app.Configuration["urls"] ?? "http://localhost:5000").Split(';', StringSplitOptions.RemoveEmptyEntries))
    {
        app.Urls.Add(url);
    }

    app.Urls.Add($"http://{app.Configuration["Dashboard:Host"] ?? "127.0.0.1"}:{port}");
    app.MapOrleansDashboard("/dashboard").RequireHost($"*:{port}");
}

app.Run();
