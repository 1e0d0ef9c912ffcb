using System.Text;

namespace Notifications.Grains.Domain;

/// <summary>The formatting step of the creation pipeline (SPEC §4 step 6).</summary>
public static class NotificationFormatter
{
    public const int MaxTitleLength = 200;
    public const int DefaultMaxWords = 25;

    private const string Ellipsis = "\u2026";
    private const string UnknownSender = "Someone";

    /// <summary>
    /// Sanitized details as they are stored: a generated title when none is left, content and
    /// message preview cut to <see cref="DefaultMaxWords"/> words.
    /// </summary>
    public static NotificationDetails Format(NotificationDetails sanitized) => sanitized with
    {
        Title = sanitized.Title.Length == 0
            ? GenerateTitle(sanitized.Type, sanitized.SenderUsername, sanitized.SenderId)
            : sanitized.Title,
        Content = TruncateWords(sanitized.Content),
        MessagePreview = TruncateWords(sanitized.MessagePreview),
    };

    /// <summary>
    /// The title used when the producer sent none, or one that is empty once sanitized. The sender is
    /// named by <paramref name="senderUsername"/>, else <paramref name="senderId"/>, else "Someone";
    /// pass the sanitized username. The result is at most <see cref="MaxTitleLength"/> code points.
    /// </summary>
    public static string GenerateTitle(NotificationType type, string? senderUsername, string? senderId)
    {
        var named = !string.IsNullOrWhiteSpace(senderUsername) ? senderUsername.Trim()
            : !string.IsNullOrWhiteSpace(senderId) ? senderId.Trim()
            : null;
        var sender = named ?? UnknownSender;

        var title = type switch
        {
            NotificationType.NewMessage => $"New message from {sender}",
            NotificationType.MessageReply => $"{sender} replied to your message",
            NotificationType.UserMentioned => $"{sender} mentioned you",
            NotificationType.MessageReaction => $"{sender} reacted to your message",
            NotificationType.ContactRequest => $"New contact request from {sender}",
            NotificationType.ContactAccepted => $"{sender} accepted your contact request",
            NotificationType.NewConversationDirect => $"{sender} started a conversation with you",
            // "Someone added you to a group" says less than the sender-free sentence.
            NotificationType.NewConversationGroup => named is null
                ? "You were added to a group conversation"
                : $"{named} added you to a group",
            NotificationType.MemberJoined => $"{sender} joined the conversation",
            NotificationType.MissedCall => $"Missed call from {sender}",
            _ => "System notification",
        };

        return TruncateCodePoints(title, MaxTitleLength);
    }

    /// <summary>
    /// Keeps the first <paramref name="maxWords"/> words joined by single spaces and appends "…"
    /// (U+2026) directly after the last one; a text of <paramref name="maxWords"/> words or fewer is
    /// returned as it is (API.md). Words are runs of non-whitespace, whitespace being any Unicode
    /// white space.
    /// </summary>
    public static string? TruncateWords(string? text, int maxWords = DefaultMaxWords)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxWords);
        if (text is null)
        {
            return null;
        }

        var span = text.AsSpan();
        var builder = (StringBuilder?)null;
        var words = 0;
        var i = 0;
        while (true)
        {
            while (i < span.Length && char.IsWhiteSpace(span[i]))
            {
                i++;
            }

            if (i == span.Length)
            {
                // Ran out of words before going over the limit: nothing is cut.
                return text;
            }

            var start = i;
            while (i < span.Length && !char.IsWhiteSpace(span[i]))
            {
                i++;
            }

            words++;
            if (words > maxWords)
            {
                return builder!.Append(Ellipsis).ToString();
            }

            builder ??= new StringBuilder(Math.Min(text.Length, 256));
            if (words > 1)
            {
                builder.Append(' ');
            }

            builder.Append(span[start..i]);
        }
    }

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="max"/> code points, never inside a surrogate pair.</summary>
    internal static string TruncateCodePoints(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (count == max)
            {
                return text[..i];
            }

            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }

            count++;
        }

        return text;
    }
}
