using System.Buffers;

namespace Notifications.Grains.Inbox;

/// <summary>
/// A notification id as a dictionary key that does not keep the id's string alive when the id has
/// the form the inbox makes (<see cref="Domain.NotificationIds"/>: 32 lower-case hex digits, held as
/// a <see cref="Guid"/>); any other id, which only a store written by other means could hold, is
/// kept as it is. Either way two keys are equal exactly when their ids are, ordinally.
/// </summary>
internal readonly record struct NotificationIdKey(Guid Value, string? Other)
{
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    public static NotificationIdKey Of(string id) =>
        id.Length == 32 && !id.AsSpan().ContainsAnyExcept(LowerHex) && Guid.TryParseExact(id, "N", out var value)
            ? new NotificationIdKey(value, null)
            : new NotificationIdKey(default, id);
}
