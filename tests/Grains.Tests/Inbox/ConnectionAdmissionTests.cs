namespace Notifications.Grains.Tests.Inbox;

/// <summary>The 10-connection limit holds across Api nodes: the inbox counts every node's connections.</summary>
[Collection(InboxCluster.Name)]
public sealed class ConnectionAdmissionTests(InboxClusterFixture fixture) : IDisposable
{
    private const int Max = 10;
    private readonly List<IInboxObserver> _references = [];

    // Orleans holds observers weakly: the test keeps its nodes alive, as an Api node does.
    private readonly List<RecordingObserver> _nodes = [];

    private (RecordingObserver Node, IInboxObserver Reference) NewNode()
    {
        var node = new RecordingObserver();
        _nodes.Add(node);
        var reference = fixture.Client.CreateObjectReference<IInboxObserver>(node);
        _references.Add(reference);
        return (node, reference);
    }

    [Fact]
    public async Task Connections_on_all_nodes_count_toward_one_limit()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var (nodeA, a) = NewNode();
        var (_, b) = NewNode();

        Assert.Equal(ConnectionAdmission.Subscribed, (await inbox.AdmitConnectionAsync(a, Max)).Outcome);
        for (var i = 1; i < 6; i++)
        {
            Assert.Equal(ConnectionAdmission.Joined, (await inbox.AdmitConnectionAsync(a, Max)).Outcome);
        }

        Assert.Equal(ConnectionAdmission.Subscribed, (await inbox.AdmitConnectionAsync(b, Max)).Outcome);
        for (var i = 1; i < 4; i++)
        {
            Assert.Equal(ConnectionAdmission.Joined, (await inbox.AdmitConnectionAsync(b, Max)).Outcome);
        }

        Assert.Equal(ConnectionAdmission.Refused, (await inbox.AdmitConnectionAsync(b, Max)).Outcome);
        await inbox.ReleaseConnectionAsync(a);
        Assert.Equal(ConnectionAdmission.Joined, (await inbox.AdmitConnectionAsync(b, Max)).Outcome);

        // The first admission greeted node A with the counts; pushes reach it while it has connections.
        await nodeA.NextAsync<CountsChangedEvent>();
        await inbox.CreateAsync(NotificationDraft.Of(NotificationType.System));
        await nodeA.NextAsync<NotificationCreatedEvent>();
    }

    [Fact]
    public async Task A_connection_joining_a_subscribed_node_is_greeted_by_the_answer_and_a_subscribing_one_by_the_push()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        await inbox.CreateAsync(NotificationDraft.Of(NotificationType.System));
        var (node, a) = NewNode();

        var first = await inbox.AdmitConnectionAsync(a, Max);
        var pushed = await node.NextAsync<CountsChangedEvent>();
        var second = await inbox.AdmitConnectionAsync(a, Max);

        Assert.Equal(ConnectionAdmission.Subscribed, first.Outcome);
        Assert.Null(first.Greeting);                       // the subscription's snapshot push greets it
        Assert.Equal(ConnectionAdmission.Joined, second.Outcome);
        var counts = await inbox.GetCountsAsync();
        foreach (var greeting in new[] { second.Greeting!, pushed.Counts })
        {
            Assert.Equal((1, 1, counts.LastSeq), (greeting.Total, greeting.Unread, greeting.LastSeq));
            Assert.Equal(counts.ByType, greeting.ByType);
        }
    }

    [Fact]
    public async Task A_node_whose_last_connection_closes_is_unsubscribed()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var (_, a) = NewNode();
        Assert.Equal(ConnectionAdmission.Subscribed, (await inbox.AdmitConnectionAsync(a, Max)).Outcome);

        await inbox.ReleaseConnectionAsync(a);

        // Not subscribed any more: the next admission subscribes (and greets) again.
        Assert.Equal(ConnectionAdmission.Subscribed, (await inbox.AdmitConnectionAsync(a, Max)).Outcome);
    }

    [Fact]
    public async Task Before_refusing_the_inbox_forgets_a_node_that_does_not_answer()
    {
        var inbox = fixture.Inbox(InboxClusterFixture.NewUserId());
        var (crashed, a) = NewNode();
        var (_, b) = NewNode();
        for (var i = 0; i < Max; i++)
        {
            await inbox.AdmitConnectionAsync(a, Max);
        }

        crashed.HangPings = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var admission = inbox.AdmitConnectionAsync(b, Max);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!admission.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "The inbox did not give up on the silent node.");
            fixture.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.Equal(ConnectionAdmission.Subscribed, (await admission).Outcome);
        crashed.HangPings.SetResult();
    }

    public void Dispose()
    {
        foreach (var reference in _references)
        {
            fixture.Client.DeleteObjectReference<IInboxObserver>(reference);
        }
    }
}
