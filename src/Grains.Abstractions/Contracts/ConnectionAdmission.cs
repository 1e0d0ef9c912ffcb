namespace Notifications;

/// <summary>What became of a new live connection of a user.</summary>
public enum ConnectionAdmission
{
    /// <summary>The user already holds the maximum number of live connections.</summary>
    Refused,

    /// <summary>Admitted; the node was already subscribed.</summary>
    Joined,

    /// <summary>Admitted as the node's first connection of the user; the inbox's counts snapshot is on its way.</summary>
    Subscribed,
}
