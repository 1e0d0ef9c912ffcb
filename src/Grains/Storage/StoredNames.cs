namespace Notifications.Grains.Storage;

/// <summary>Parses the type and priority names the stores hold in their columns.</summary>
internal static class StoredNames
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
}
