namespace Notifications;

/// <summary>
/// One entry of the append-only audit trail: who (the actor's <c>UserIdHash</c>, never the id) did
/// what to how many users, how it ended, when, and which request it came from.
/// </summary>
/// <param name="Action">One of <see cref="AuditActions"/>.</param>
/// <param name="TargetCount">How many users the action addressed.</param>
/// <param name="Outcome">The per-recipient results, for an action that has them once it has run.</param>
[GenerateSerializer, Immutable, Alias("notifications.AuditRecord")]
public sealed record AuditRecord(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string ActorHash,
    [property: Id(2)] string Action,
    [property: Id(3)] int TargetCount,
    [property: Id(4)] AuditOutcome? Outcome,
    [property: Id(5)] AuditOrigin Origin);

/// <summary>A fan-out's results by status, as its response counts them.</summary>
[GenerateSerializer, Immutable, Alias("notifications.AuditOutcome")]
public sealed record AuditOutcome(
    [property: Id(0)] int Created,
    [property: Id(1)] int Duplicate,
    [property: Id(2)] int Suppressed,
    [property: Id(3)] int RateLimited);

/// <summary>An entry as stored, with the id the store gave it (ascending in the order entries were written).</summary>
[GenerateSerializer, Immutable, Alias("notifications.AuditEntry")]
public sealed record AuditEntry([property: Id(0)] long Id, [property: Id(1)] AuditRecord Record);

/// <summary>One page of the trail, newest first.</summary>
[GenerateSerializer, Immutable, Alias("notifications.AuditPage")]
public sealed record AuditPage([property: Id(0)] IReadOnlyList<AuditEntry> Items, [property: Id(1)] bool HasMore);

/// <summary>
/// What the trail records. A broadcast is two entries: the request, written before anything is
/// sent (if it cannot be written nothing is sent), and its outcome, written after the fan-out.
/// </summary>
public static class AuditActions
{
    public const string BroadcastRequested = "broadcast.requested";
    public const string BroadcastCompleted = "broadcast.completed";
    public const string PreferencesUpdated = "preferences.updated";
}
