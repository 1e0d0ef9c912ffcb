using System.Data.Common;

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

    /// <summary>
    /// Reads the rows of <c>SELECT id, {Names} … ORDER BY id DESC LIMIT limit + 1</c> as one page;
    /// the dialects differ only in how a time is stored, which <paramref name="readTime"/> reads.
    /// </summary>
    public static async Task<AuditPage> ReadPageAsync(DbDataReader reader, int limit, Func<DbDataReader, int, DateTimeOffset> readTime, CancellationToken cancellationToken)
    {
        var items = new List<AuditEntry>(Math.Min(limit + 1, 128));
        while (await reader.ReadAsync(cancellationToken))
        {
            var outcome = reader.IsDBNull(5)
                ? null
                : new AuditOutcome(reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8));
            items.Add(new AuditEntry(
                reader.GetInt64(0),
                new AuditRecord(
                    readTime(reader, 1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetInt32(4),
                    outcome,
                    new AuditOrigin(reader.IsDBNull(9) ? null : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10)))));
        }

        var hasMore = items.Count > limit;
        if (hasMore)
        {
            items.RemoveAt(items.Count - 1);
        }

        return new AuditPage(items, hasMore);
    }
}
