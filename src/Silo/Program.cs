using Notifications.Grains.Hosting;

// A silo on its own: hosts the grains and the store; Api nodes join it as Orleans clients
// (Cluster__Mode=Client). /health/live answers while the process runs.
var builder = WebApplication.CreateBuilder(args);

var cluster = builder.Configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>() ?? new ClusterHostingOptions();
builder.UseOrleans(silo => silo
    .UseNotificationsClustering(cluster)
    .AddNotificationGrains(builder.Configuration));
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/health/live");
app.Run();
