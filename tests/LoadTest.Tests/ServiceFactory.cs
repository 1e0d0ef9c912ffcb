using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Notifications.LoadTest.Tests;

/// <summary>
/// The whole service as <c>dotnet run --project src/Api</c> starts it (co-hosted silo, SQLite), on
/// real Kestrel at a loopback port, with its own silo ports, key and database: the load tool
/// reaches it over HTTP and WebSockets like any client (same set-up as Api.Tests' factory).
/// </summary>
public sealed class ServiceFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SigningKey = "load-test-smoke-signing-key-0123456789-abcdef";

    private readonly string _directory = Directory.CreateTempSubdirectory("loadtest-smoke-").FullName;

    public ServiceFactory() => UseKestrel(0);

    public Uri BaseAddress { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + "/");
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("Cluster:SiloPort", LoopbackPorts.FreeText());
        builder.UseSetting("Cluster:GatewayPort", LoopbackPorts.FreeText());
        builder.UseSetting("Cluster:ClusterId", "loadtest-" + Guid.NewGuid().ToString("N"));
        builder.UseSetting("Storage:Provider", "Sqlite");
        builder.UseSetting("Storage:SqlitePath", Path.Combine(_directory, "notifications.db"));
        // Quiet: per-request logging would cost more CPU than the run it is meant to observe.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
