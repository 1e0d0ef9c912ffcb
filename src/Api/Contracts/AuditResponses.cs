using Notifications.Api.OpenApi;

namespace Notifications.Api.Contracts;

/// <summary>One page of <c>GET /api/admin/audit</c>, newest first.</summary>
[SchemaName("AuditPage")]
public sealed record AuditPageResponse(IReadOnlyList<AuditEntryResponse> Items, string? NextCursor, bool HasMore);

/// <summary>
/// One audit entry: who (<c>actorHash</c>, the hash the logs use, never the user id), what
/// (<c>action</c>: <c>broadcast.requested</c>, <c>broadcast.completed</c>, <c>preferences.updated</c>),
/// to how many users, how it ended (<c>outcome</c>, on <c>broadcast.completed</c>), when, and from
/// which request.
/// </summary>
[SchemaName("AuditEntry")]
public sealed record AuditEntryResponse(
    long Id,
    DateTimeOffset At,
    string ActorHash,
    string Action,
    int TargetCount,
    AuditOutcomeResponse? Outcome,
    string? RequestId,
    string? TraceId)
{
    public static AuditEntryResponse From(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var r = entry.Record;
        return new AuditEntryResponse(
            entry.Id,
            r.At,
            r.ActorHash,
            r.Action,
            r.TargetCount,
            r.Outcome is { } o ? new AuditOutcomeResponse(o.Created, o.Duplicate, o.Suppressed, o.RateLimited) : null,
            r.Origin.RequestId,
            r.Origin.TraceId);
    }
}

/// <summary>A broadcast's results by status, as its response counted them.</summary>
[SchemaName("AuditOutcome")]
public sealed record AuditOutcomeResponse(int Created, int Duplicate, int Suppressed, int RateLimited);
