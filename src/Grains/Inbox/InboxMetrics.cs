using System.Diagnostics.Metrics;

namespace Notifications.Grains.Inbox;

/// <summary>Silo-side instruments (meter <c>Notifications.Inbox</c>).</summary>
public sealed class InboxMetrics
{
    public const string MeterName = "Notifications.Inbox";

    private readonly UpDownCounter<long> _active;

    public InboxMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _active = meters.Create(MeterName).CreateUpDownCounter<long>("notifications.inboxes.active", description: "Inbox grains active on this silo.");
    }

    public void Activated() => _active.Add(1);

    public void Deactivated() => _active.Add(-1);
}
