using Notifications.LoadTest.Auth;

namespace Notifications.LoadTest.Swarm;

/// <summary>
/// The run's end users: ids unique to the run (so every run starts from empty inboxes and cannot
/// see another run's notifications), their tokens, and the id each last received (for mark-read).
/// </summary>
public sealed class RunUsers
{
    private readonly string?[] _lastReceived;

    public RunUsers(string prefix, string runId, int count, TokenMinter minter)
    {
        Ids = new string[count];
        Tokens = new string[count];
        _lastReceived = new string?[count];
        for (var i = 0; i < count; i++)
        {
            Ids[i] = $"{prefix}-{runId}-{i}";
            Tokens[i] = minter.Mint(Ids[i]);
        }
    }

    public string[] Ids { get; }

    public string[] Tokens { get; }

    public int Count => Ids.Length;

    public void NoteReceived(int user, string id) => Volatile.Write(ref _lastReceived[user], id);

    /// <summary>A notification the user received lately, or null; what a user would click on.</summary>
    public string? LastReceived(int user) => Volatile.Read(ref _lastReceived[user]);
}
