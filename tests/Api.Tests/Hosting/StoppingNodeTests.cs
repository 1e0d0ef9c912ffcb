using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Notifications.Api.Tests.Infrastructure;

namespace Notifications.Api.Tests.Hosting;

/// <summary>
/// A node that starts shutting down (SIGTERM: the host's ApplicationStopping) closes its hub
/// connections and refuses new ones, so that reconnecting clients reach a
/// node that stays and none holds the shutdown up until the host's timeout. A node of its own:
/// it does not stop for the other tests. Its shutdown is held just after it began (a hosted
/// service stopped before the web server), so the test sees the node as clients do in that window.
/// </summary>
public sealed class StoppingNodeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stopping_node_closes_its_hub_connections_and_refuses_new_ones_with_a_503()
    {
        var gate = new StopGate();
        await using var factory = new GatedStopFactory(gate);
        await factory.InitializeAsync();
        var userId = NotificationsApiFactory.NewUserId();
        using var http = factory.ClientFor(userId);
        await using var live = factory.HubFor(userId);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        live.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await live.StartAsync(Ct);
        factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        try
        {
            await gate.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

            await closed.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            Assert.Equal(HubConnectionState.Disconnected, live.State);

            using var negotiate = await http.PostAsync("hubs/notifications/negotiate?negotiateVersion=1", null, Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, negotiate.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), negotiate.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", negotiate.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync(Ct));
            Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());

            // A client that skips negotiate is refused at its WebSocket upgrade alike.
            await using var direct = factory.HubFor(userId, o =>
            {
                o.SkipNegotiation = true;
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
            });
            await Assert.ThrowsAnyAsync<Exception>(() => direct.StartAsync(Ct));
            Assert.Equal(HubConnectionState.Disconnected, direct.State);

            // The other routes still answer while the node drains.
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/notifications/counts", Ct)).StatusCode);
        }
        finally
        {
            gate.Release.TrySetResult();
        }
    }

    /// <summary>Registered after the service's own hosted services, so stopped before them and before the web server.</summary>
    private sealed class StopGate : IHostedService
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            Reached.TrySetResult();
            await Release.Task.WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        }
    }

    private sealed class GatedStopFactory(StopGate gate) : NotificationsApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddHostedService(_ => gate));
        }
    }
}
