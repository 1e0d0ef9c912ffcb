namespace Notifications.Grains.Limits;

/// <summary>The anti-spam rule for mentions (SPEC §2). Configuration section <c>MentionLimit</c>.</summary>
public sealed class MentionLimitOptions
{
    public const string SectionName = "MentionLimit";

    /// <summary>Mentions allowed from one sender to one recipient within <see cref="Window"/>.</summary>
    public int MaxMentions { get; set; } = 5;

    /// <summary>The sliding window.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(60);
}
