using Notifications.Grains.Storage;

namespace Notifications.Grains.Tests.Storage;

public sealed class ActionsJsonTests
{
    [Fact]
    public void Writes_every_action_in_order_with_a_null_url_when_it_has_none()
    {
        var actions = new NotificationActions([new NotificationAction("accept", "Accept", "https://example.com/a"), new NotificationAction("later", "Later")]);

        Assert.Equal(
            """[{"id":"accept","label":"Accept","url":"https://example.com/a"},{"id":"later","label":"Later","url":null}]""",
            ActionsJson.Serialize(actions));
    }

    [Fact]
    public void No_actions_are_stored_as_null()
    {
        Assert.Null(ActionsJson.Serialize(NotificationActions.None));
        Assert.Null(ActionsJson.Serialize(new NotificationActions([])));
    }

    [Fact]
    public void Round_trips()
    {
        var actions = new NotificationActions(
        [
            new NotificationAction("b-2", "Ünïcødé ✓ \"quoted\" <b>", "https://example.com/?q=1&r=<2>"),
            new NotificationAction("a_1", "Plain"),
            new NotificationAction("c", "🎉"),
        ]);

        Assert.Equal(actions, ActionsJson.Deserialize(ActionsJson.Serialize(actions)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("\"text\"")]
    public void Nothing_stored_means_no_actions(string? json)
    {
        Assert.Empty(ActionsJson.Deserialize(json));
    }

    [Fact]
    public void Unknown_members_are_ignored_and_items_without_id_or_label_skipped()
    {
        const string json = """
            [{"id":"a","label":"A","url":null,"style":"primary"},{"label":"no id"},{"id":"b"},7,null,{"id":"c","label":"C","url":5}]
            """;

        Assert.Equal(new NotificationActions([new NotificationAction("a", "A"), new NotificationAction("c", "C")]), ActionsJson.Deserialize(json));
    }
}
