using Notifications.Grains.Domain;

namespace Notifications.Grains.Tests.Domain;

public sealed class NotificationFormatterTests
{
    [Theory]
    [InlineData(NotificationType.NewMessage, NotificationPriority.Normal)]
    [InlineData(NotificationType.MessageReply, NotificationPriority.Normal)]
    [InlineData(NotificationType.UserMentioned, NotificationPriority.Normal)]
    [InlineData(NotificationType.MessageReaction, NotificationPriority.Low)]
    [InlineData(NotificationType.ContactRequest, NotificationPriority.High)]
    [InlineData(NotificationType.ContactAccepted, NotificationPriority.Normal)]
    [InlineData(NotificationType.NewConversationDirect, NotificationPriority.Normal)]
    [InlineData(NotificationType.NewConversationGroup, NotificationPriority.Normal)]
    [InlineData(NotificationType.MemberJoined, NotificationPriority.Low)]
    [InlineData(NotificationType.MissedCall, NotificationPriority.High)]
    [InlineData(NotificationType.System, NotificationPriority.Normal)]
    public void Default_priority_follows_the_spec_table(NotificationType type, NotificationPriority expected) =>
        Assert.Equal(expected, type.DefaultPriority());

    [Fact]
    public void Every_type_has_a_test_row() => Assert.Equal(11, Enum.GetValues<NotificationType>().Length);

    [Theory]
    [InlineData(NotificationType.NewMessage, "New message from Alice")]
    [InlineData(NotificationType.MessageReply, "Alice replied to your message")]
    [InlineData(NotificationType.UserMentioned, "Alice mentioned you")]
    [InlineData(NotificationType.MessageReaction, "Alice reacted to your message")]
    [InlineData(NotificationType.ContactRequest, "New contact request from Alice")]
    [InlineData(NotificationType.ContactAccepted, "Alice accepted your contact request")]
    [InlineData(NotificationType.NewConversationDirect, "Alice started a conversation with you")]
    [InlineData(NotificationType.NewConversationGroup, "Alice added you to a group")]
    [InlineData(NotificationType.MemberJoined, "Alice joined the conversation")]
    [InlineData(NotificationType.MissedCall, "Missed call from Alice")]
    [InlineData(NotificationType.System, "System notification")]
    public void Title_names_the_sender(NotificationType type, string expected) =>
        Assert.Equal(expected, NotificationFormatter.GenerateTitle(type, "Alice", "alice-id"));

    [Theory]
    [InlineData(NotificationType.NewMessage, "New message from Someone")]
    [InlineData(NotificationType.UserMentioned, "Someone mentioned you")]
    [InlineData(NotificationType.NewConversationGroup, "You were added to a group conversation")]
    [InlineData(NotificationType.System, "System notification")]
    public void Title_without_sender(NotificationType type, string expected)
    {
        Assert.Equal(expected, NotificationFormatter.GenerateTitle(type, null, null));
        Assert.Equal(expected, NotificationFormatter.GenerateTitle(type, "  ", ""));
    }

    [Fact]
    public void Sender_falls_back_to_the_id()
    {
        Assert.Equal("Missed call from bob_42", NotificationFormatter.GenerateTitle(NotificationType.MissedCall, null, "bob_42"));
        Assert.Equal("Missed call from bob_42", NotificationFormatter.GenerateTitle(NotificationType.MissedCall, " \t", "bob_42"));
        Assert.Equal("bob_42 added you to a group", NotificationFormatter.GenerateTitle(NotificationType.NewConversationGroup, "", "bob_42"));
    }

    [Fact]
    public void Title_is_at_most_200_code_points_and_never_splits_a_pair()
    {
        var name = string.Concat(Enumerable.Repeat("\U0001F600", 300));
        var title = NotificationFormatter.GenerateTitle(NotificationType.NewMessage, name, null);

        Assert.Equal(200, title.EnumerateRunes().Count());
        Assert.StartsWith("New message from \U0001F600", title);
        Assert.EndsWith("\U0001F600", title);
    }

    [Fact]
    public void Longest_valid_username_gives_an_untruncated_title()
    {
        var name = new string('a', 100);
        Assert.Equal($"{name} started a conversation with you", NotificationFormatter.GenerateTitle(NotificationType.NewConversationDirect, name, null));
    }

    [Fact]
    public void Twenty_five_words_are_kept_as_they_are()
    {
        var text = "  " + string.Join("  \t", Enumerable.Range(1, 25).Select(i => $"w{i}")) + " \n";
        Assert.Same(text, NotificationFormatter.TruncateWords(text));
    }

    [Fact]
    public void Twenty_six_words_keep_25_joined_by_single_spaces_and_an_ellipsis()
    {
        var text = string.Join(" \t\n ", Enumerable.Range(1, 26).Select(i => $"w{i}"));
        var expected = string.Join(' ', Enumerable.Range(1, 25).Select(i => $"w{i}")) + "\u2026";

        Assert.Equal(expected, NotificationFormatter.TruncateWords(text));
    }

    [Theory]
    [InlineData("\u00a0")]
    [InlineData("\u2003")]
    [InlineData("\u3000")]
    [InlineData("\u2028")]
    [InlineData("\r\n")]
    [InlineData("\v")]
    [InlineData("\f")]
    [InlineData("\u0085")]
    public void Any_unicode_whitespace_separates_words(string separator)
    {
        var text = string.Join(separator, Enumerable.Range(1, 30).Select(i => $"w{i}"));
        var expected = string.Join(' ', Enumerable.Range(1, 25).Select(i => $"w{i}")) + "\u2026";

        Assert.Equal(expected, NotificationFormatter.TruncateWords(text));
    }

    [Fact]
    public void Zero_width_space_is_not_whitespace() =>
        Assert.Equal(
            string.Join('\u200b', Enumerable.Range(1, 30)),
            NotificationFormatter.TruncateWords(string.Join('\u200b', Enumerable.Range(1, 30))));

    [Fact]
    public void Astral_words_are_kept_whole()
    {
        var text = string.Join(' ', Enumerable.Repeat("\U0001F600\U0001F389", 26));
        var expected = string.Join(' ', Enumerable.Repeat("\U0001F600\U0001F389", 25)) + "\u2026";

        Assert.Equal(expected, NotificationFormatter.TruncateWords(text));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData("   ", "   ")]
    [InlineData("one", "one")]
    [InlineData("a b c", "a b c")]
    [InlineData("a  b   c d", "a b c\u2026")]
    [InlineData(" a b c ", " a b c ")]
    public void Custom_word_limit(string? input, string? expected) =>
        Assert.Equal(expected, NotificationFormatter.TruncateWords(input, 3));

    [Fact]
    public void Word_limit_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NotificationFormatter.TruncateWords("x", 0));
}
