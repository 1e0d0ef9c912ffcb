namespace Notifications.Bench.Shared;

/// <summary>One notifications row, column for column (see <see cref="NotificationSchema.Columns"/>).</summary>
/// <remarks>A fresh create's v2 columns: seen once read, never archived, snoozed, collapsed or acted on, no actions.</remarks>
public sealed record SampleRow(
    string Id, string UserId, long Seq, string Type, string Title, string? Content, string Priority, bool IsRead,
    DateTime? ReadAt, DateTime CreatedAt, string? SenderId, string? SenderUsername, string? SenderAvatar,
    string? MessagePreview, string? ConversationId, string? MessageId, string? CallSessionId, string? Data,
    DateTime? ExpiresAt, bool Silent)
{
    /// <summary>The columns this record writes, in order; <see cref="NotificationSchema"/> checks the service's list against it.</summary>
    public const string Columns =
        "id, user_id, seq, type, title, content, priority, is_read, read_at, created_at, sender_id, sender_username, sender_avatar, "
        + "message_preview, conversation_id, message_id, call_session_id, data, expires_at, silent, "
        + "seen_at, archived_at, snoozed_until, collapse_key, collapsed_count, actions, acted_action, acted_at";

    public DateTime? SeenAt => ReadAt;

    public DateTime? ArchivedAt => null;

    public DateTime? SnoozedUntil => null;

    public string? CollapseKey => null;

    public int CollapsedCount => 1;

    public string? Actions => null;

    public string? ActedAction => null;

    public DateTime? ActedAt => null;
}

/// <summary>
/// Rows shaped like the service's notifications: a chat backend's mix of types, default priorities
/// with some overrides, titles as the formatter writes them, content and previews of up to 25 words,
/// small <c>data</c> objects, ids as the service makes them (UUID v7, 32 hex digits).
/// Deterministic for a seed.
/// </summary>
public sealed class SampleRows(int seed)
{
    /// <summary>Types with their default priority and a weight (messages dominate a chat backend).</summary>
    private static readonly (string Type, string Priority, int Weight)[] Types =
    [
        ("new_message", "normal", 40), ("message_reply", "normal", 10), ("user_mentioned", "normal", 8),
        ("message_reaction", "low", 15), ("contact_request", "high", 3), ("contact_accepted", "normal", 2),
        ("new_conversation_direct", "normal", 3), ("new_conversation_group", "normal", 3), ("member_joined", "low", 8),
        ("missed_call", "high", 5), ("system", "normal", 3),
    ];

    private static readonly string[] Priorities = ["low", "normal", "high", "urgent"];

    private static readonly string[] Words =
    [
        "hey", "are", "we", "still", "on", "for", "the", "meeting", "tomorrow", "I", "pushed", "a", "fix", "to",
        "branch", "can", "you", "review", "it", "when", "have", "time", "thanks", "lunch", "at", "noon", "sounds",
        "good", "see", "there", "deploy", "is", "green", "now", "ping", "me", "if", "anything", "breaks",
    ];

    private static readonly string[] Names = ["Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy"];

    private readonly Random _random = new(seed);
    private readonly int _totalWeight = Types.Sum(t => t.Weight);

    /// <summary>The next row for <paramref name="userId"/> with its <paramref name="seq"/>.</summary>
    /// <param name="unreadShare">Chance that the row is unread (the rest are read, with a read time).</param>
    /// <param name="expiringShare">Chance that the row carries an expiry (1-30 days from now, so it is still live).</param>
    public SampleRow Next(string userId, long seq, DateTime createdAt, double unreadShare = 0.2, double expiringShare = 0.05)
    {
        var (type, priority) = PickType();
        if (_random.NextDouble() < 0.1)
        {
            priority = Priorities[_random.Next(Priorities.Length)];
        }

        var sender = Names[_random.Next(Names.Length)];
        var conversation = "conv-" + _random.Next(1, 200).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var isMessage = type is "new_message" or "message_reply" or "user_mentioned" or "message_reaction";
        var isRead = _random.NextDouble() >= unreadShare;
        return new SampleRow(
            Guid.CreateVersion7(new DateTimeOffset(createdAt)).ToString("N"),
            userId,
            seq,
            type,
            Title(type, sender),
            isMessage || type == "system" ? Sentence(8, 25) : null,
            priority,
            isRead,
            isRead ? createdAt.AddSeconds(_random.Next(1, 3600)) : null,
            createdAt,
            type == "system" ? null : sender.ToLowerInvariant(),
            type == "system" ? null : sender,
            type == "system" ? null : $"https://cdn.example.com/avatars/{sender.ToLowerInvariant()}-{_random.Next(1000, 9999)}.png",
            isMessage ? Sentence(5, 25) : null,
            isMessage || type is "member_joined" or "new_conversation_group" or "new_conversation_direct" ? conversation : null,
            isMessage ? "msg-" + Guid.NewGuid().ToString("N")[..20] : null,
            type == "missed_call" ? "call-" + Guid.NewGuid().ToString("N")[..16] : null,
            $$"""{"source":"chat","deepLink":"/c/{{conversation}}","v":{{_random.Next(1, 9)}}}""",
            _random.NextDouble() < expiringShare ? DateTime.UtcNow.AddDays(1 + _random.Next(30)) : null,
            false);
    }

    private (string Type, string Priority) PickType()
    {
        var draw = _random.Next(_totalWeight);
        foreach (var (type, priority, weight) in Types)
        {
            if (draw < weight)
            {
                return (type, priority);
            }

            draw -= weight;
        }

        return (Types[0].Type, Types[0].Priority);
    }

    private static string Title(string type, string sender) => type switch
    {
        "new_message" => $"New message from {sender}",
        "message_reply" => $"{sender} replied to your message",
        "user_mentioned" => $"{sender} mentioned you",
        "message_reaction" => $"{sender} reacted to your message",
        "contact_request" => $"{sender} sent you a contact request",
        "contact_accepted" => $"{sender} accepted your contact request",
        "new_conversation_direct" => $"{sender} started a conversation with you",
        "new_conversation_group" => $"{sender} added you to a group",
        "member_joined" => $"{sender} joined the conversation",
        "missed_call" => $"Missed call from {sender}",
        _ => "System notice",
    };

    private string Sentence(int minWords, int maxWords)
    {
        var count = _random.Next(minWords, maxWords + 1);
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = Words[_random.Next(Words.Length)];
        }

        return string.Join(' ', words);
    }
}
