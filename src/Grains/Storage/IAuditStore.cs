namespace Notifications.Grains.Storage;

/// <summary>
/// The append-only audit trail (table <c>audit_log</c>): rows are inserted, never changed (the
/// database refuses UPDATE and DELETE on it). A preference change writes its entry with the change
/// itself (<see cref="IInboxStore.SavePreferencesAsync"/>); everything else appends here.
/// </summary>
public interface IAuditStore
{
    /// <summary>Writes one entry durably; returns its id.</summary>
    Task<long> AppendAuditAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> entries with an id below <paramref name="beforeId"/> (all when null), newest first.</summary>
    Task<AuditPage> ListAuditAsync(long? beforeId, int limit, CancellationToken cancellationToken);
}

/// <summary>The audit table's columns after <c>id</c>, in the order both stores write and read them.</summary>
internal static class AuditColumns
{
    public const string Names = "at, actor_hash, action, target_count, created, duplicate, suppressed, rate_limited, request_id, trace_id";

    /// <summary>The parameter list matching <see cref="Names"/> in a dialect's prefix (<c>@</c>, <c>$</c>).</summary>
    public static string ParameterList(char prefix) => string.Join(", ", Names.Split(", ").Select(name => prefix + name));
}
