using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Notifications.Api.Tests.Infrastructure;

/// <summary>
/// The whole service on a fake clock: the Api and the co-hosted silo read the one
/// <see cref="TimeProvider"/>, so request validation, DND and pauses, snooze returns, expiry and the
/// grain timers all move only when a test moves <see cref="Time"/>. Tests of this collection run
/// one at a time and move the clock forward only, by seconds, and only once what they wait for
/// has arrived: a push in flight while the clock jumps would otherwise meet its timeout at once.
/// </summary>
/// <remarks>
/// The clock starts an hour behind the real one, on a whole second, so that exact bounds (30 days,
/// 7 days) are exact. The tokens the service mints read this clock but the token handler checks
/// them against the real one: an hour behind, a token's not-before stays in the real past however
/// far the tests of a run move the clock (minutes), and its 12 h lifetime in the real future. The
/// inbox looks for due returns every second of this clock; pushes and subscriptions get limits no
/// jump of a test can reach.
/// </remarks>
public sealed class ClockedApiFactory() : NotificationsApiFactory(null, "Development", Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Inbox:SnoozeCheckInterval"] = "00:00:01",
        ["Inbox:PushTimeout"] = "01:00:00",
        ["Inbox:SubscriptionExpiry"] = "1.00:00:00",
    };

    public FakeTimeProvider Time { get; } = new(Start());

    public DateTimeOffset Now => Time.GetUtcNow();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    private static DateTimeOffset Start()
    {
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}

/// <summary>The fake-clock service shared by the tests about time passing; they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ClockedApiCollection : ICollectionFixture<ClockedApiFactory>
{
    public const string Name = "clocked api";
}
