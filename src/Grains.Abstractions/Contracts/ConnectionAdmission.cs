namespace Notifications;

/// <summary>What became of a new live connection of a user.</summary>
public enum ConnectionAdmission
{
    /// <summary>The user already holds the maximum number of live connections.</summary>
    Refused,

    /// <summary>Admitted; the node was already subscribed, so the admission itself carries the counts to greet the connection with.</summary>
    Joined,

    /// <summary>Admitted as the node's first connection of the user; the inbox's counts snapshot is on its way.</summary>
    Subscribed,
}

/// <summary>
/// The answer to an admission: what became of the connection and, when the node was already
/// subscribed (no snapshot push follows), the counts to greet the new connection with; null while
/// the store cannot be read, or when the subscription's own snapshot greets it.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.Admission")]
public sealed record Admission([property: Id(0)] ConnectionAdmission Outcome, [property: Id(1)] InboxCounts? Greeting = null)
{
    public static Admission Refused { get; } = new(ConnectionAdmission.Refused);
}
