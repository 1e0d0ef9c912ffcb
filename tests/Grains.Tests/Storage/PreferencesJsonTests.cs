using Notifications.Grains.Storage;

namespace Notifications.Grains.Tests.Storage;

public sealed class PreferencesJsonTests
{
    [Fact]
    public void Serializes_types_by_snake_case_name_and_times_as_hours_and_minutes()
    {
        var preferences = new NotificationPreferences(
            [NotificationType.MessageReaction, NotificationType.NewConversationGroup],
            ["c1"],
            new DoNotDisturb(true, new TimeOnly(22, 0), new TimeOnly(7, 5), "Europe/Paris"));

        Assert.Equal(
            """{"disabledTypes":["message_reaction","new_conversation_group"],"mutedConversations":["c1"],"dnd":{"enabled":true,"start":"22:00","end":"07:05","timeZone":"Europe/Paris"}}""",
            PreferencesJson.Serialize(preferences));
    }

    [Fact]
    public void Writes_a_pause_in_utc_to_the_millisecond_and_only_when_set()
    {
        var paused = NotificationPreferences.Default with { PausedUntil = new DateTimeOffset(2030, 1, 2, 5, 4, 5, 678, TimeSpan.FromHours(2)).AddTicks(9) };

        Assert.Equal(
            """{"disabledTypes":[],"mutedConversations":[],"dnd":{"enabled":false,"start":"22:00","end":"07:00","timeZone":"UTC"},"pausedUntil":"2030-01-02T03:04:05.678Z"}""",
            PreferencesJson.Serialize(paused));
        Assert.DoesNotContain("pausedUntil", PreferencesJson.Serialize(NotificationPreferences.Default), StringComparison.Ordinal);
    }

    [Fact]
    public void Round_trips()
    {
        var preferences = new NotificationPreferences(
            [NotificationType.System, NotificationType.NewMessage],
            ["b", "a", "é ✓"],
            new DoNotDisturb(false, new TimeOnly(0, 0), new TimeOnly(23, 59), "America/New_York"),
            new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero));

        var read = PreferencesJson.Deserialize(PreferencesJson.Serialize(preferences));

        Assert.Equal(preferences.DisabledTypes, read.DisabledTypes);
        Assert.Equal(preferences.MutedConversations, read.MutedConversations);
        Assert.Equal(preferences.Dnd, read.Dnd);
        Assert.Equal(preferences.PausedUntil, read.PausedUntil);
        Assert.Equal(TimeSpan.Zero, read.PausedUntil!.Value.Offset);
    }

    [Theory]
    [InlineData("""{"disabledTypes":["system"],"mutedConversations":[],"dnd":{"enabled":false,"start":"22:00","end":"07:00","timeZone":"UTC"}}""")]
    [InlineData("""{"pausedUntil":null}""")]
    [InlineData("""{"pausedUntil":"tomorrow"}""")]
    [InlineData("""{"pausedUntil":1893456000000}""")]
    public void Text_without_a_readable_pause_means_no_pause(string json)
    {
        Assert.Null(PreferencesJson.Deserialize(json).PausedUntil);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("{}")]
    [InlineData("[]")]
    public void Nothing_stored_means_the_defaults(string? json)
    {
        var read = PreferencesJson.Deserialize(json);

        Assert.Empty(read.DisabledTypes);
        Assert.Empty(read.MutedConversations);
        Assert.Equal(DoNotDisturb.Default, read.Dnd);
    }

    [Fact]
    public void Unknown_names_and_malformed_members_are_skipped()
    {
        const string json = """
            {"disabledTypes":["future_type","system",7,"system"],"mutedConversations":["c1",null,"c1"],
             "dnd":{"enabled":true,"start":"25:99","end":"06:30","timeZone":"UTC"},"future":1}
            """;

        var read = PreferencesJson.Deserialize(json);

        Assert.Equal([NotificationType.System], read.DisabledTypes);
        Assert.Equal(["c1"], read.MutedConversations);
        Assert.Equal(new DoNotDisturb(true, DoNotDisturb.Default.Start, new TimeOnly(6, 30), "UTC"), read.Dnd);
    }
}
