namespace Notifications.Grains.Storage;

/// <summary>Row conventions shared by the stores.</summary>
internal static class StoreRowHelpers
{
    // Rows are written only by this code, so an unknown name means a newer version wrote it: fail loudly.
    public static NotificationType ParseType(string name) =>
        NotificationTypeNames.TryParseType(name, out var type)
            ? type
            : throw new InvalidDataException($"Unknown notification type '{name}' in the store.");

    public static NotificationPriority ParsePriority(string name) =>
        NotificationTypeNames.TryParsePriority(name, out var priority)
            ? priority
            : throw new InvalidDataException($"Unknown notification priority '{name}' in the store.");

    public static InboxShelf ParseShelf(int value) =>
        Enum.IsDefined((InboxShelf)value)
            ? (InboxShelf)value
            : throw new InvalidDataException($"Unknown shelf {value} in the store.");

    /// <summary>The highest seq of each user among rows being inserted: what each inbox's last seq is raised to.</summary>
    public static Dictionary<string, long> HighestSeqByUser(IReadOnlyList<Notification> notifications)
    {
        var highest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var n in notifications)
        {
            highest[n.UserId] = highest.TryGetValue(n.UserId, out var seq) ? Math.Max(seq, n.Seq) : n.Seq;
        }

        return highest;
    }
}
