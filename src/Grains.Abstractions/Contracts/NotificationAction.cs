using System.Collections;
using System.Collections.Immutable;

namespace Notifications;

/// <summary>A button on a notification (API.md v2: at most 3; ids distinct within the notification).</summary>
[GenerateSerializer, Immutable, Alias("notifications.NotificationAction")]
public sealed record NotificationAction(
    [property: Id(0)] string Id,
    [property: Id(1)] string Label,
    [property: Id(2)] string? Url = null);

/// <summary>
/// A notification's actions, in the order the producer sent them; equal when their items are, so
/// records holding them compare by value (an <see cref="ImmutableArray{T}"/> alone compares by reference).
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.NotificationActions")]
public readonly struct NotificationActions : IReadOnlyList<NotificationAction>, IEquatable<NotificationActions>
{
    [Id(0)] private readonly ImmutableArray<NotificationAction> _items;

    public NotificationActions(IEnumerable<NotificationAction> items) => _items = [.. items];

    public static NotificationActions None => default;

    public int Count => _items.IsDefault ? 0 : _items.Length;

    public NotificationAction this[int index] => Items[index];

    private ImmutableArray<NotificationAction> Items => _items.IsDefault ? [] : _items;

    public bool Contains(string id) => Find(id) is not null;

    public NotificationAction? Find(string id)
    {
        foreach (var action in Items)
        {
            if (string.Equals(action.Id, id, StringComparison.Ordinal))
            {
                return action;
            }
        }

        return null;
    }

    public bool Equals(NotificationActions other) => Items.SequenceEqual(other.Items);

    public override bool Equals(object? obj) => obj is NotificationActions other && Equals(other);

    public override int GetHashCode() => Count;

    public static bool operator ==(NotificationActions left, NotificationActions right) => left.Equals(right);

    public static bool operator !=(NotificationActions left, NotificationActions right) => !left.Equals(right);

    public IEnumerator<NotificationAction> GetEnumerator() => ((IEnumerable<NotificationAction>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
