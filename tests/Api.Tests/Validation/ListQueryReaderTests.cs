using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Notifications.Api.Validation;
using static Notifications.Api.Tests.Validation.TestJson;

namespace Notifications.Api.Tests.Validation;

public sealed class ListQueryReaderTests
{
    private static readonly CursorCodec Cursors = new("list-query-tests-key-0123456789ab"u8);

    private static ReadResult<NotificationQuery> Read(string queryString, string userId = "alice") =>
        ListQueryReader.Read(new QueryCollection(QueryHelpers.ParseQuery(queryString)), userId, Cursors);

    [Theory]
    [InlineData("")]
    [InlineData("?")]
    [InlineData("?other=1&LIMITS=x")]
    public void Defaults(string query) => Assert.Equal(new NotificationQuery(), AssertValid(Read(query)));

    [Fact]
    public void All_filters()
    {
        var cursor = Cursors.Encode("alice", 77);
        var query = AssertValid(Read($"?limit=20&cursor={cursor}&type=user_mentioned&isRead=false&conversationId=c%3A1"));

        Assert.Equal(new NotificationQuery
        {
            Limit = 20,
            BeforeSeq = 77,
            Type = NotificationType.UserMentioned,
            IsRead = false,
            ConversationId = "c:1",
        }, query);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("50", 50)]
    [InlineData("100", 100)]
    [InlineData("007", 7)]
    public void Valid_limits(string limit, int expected) => Assert.Equal(expected, AssertValid(Read($"?limit={limit}")).Limit);

    [Theory]
    [InlineData("?limit=")]
    [InlineData("?limit")]
    [InlineData("?limit=abc")]
    [InlineData("?limit=1.5")]
    [InlineData("?limit=0")]
    [InlineData("?limit=101")]
    [InlineData("?limit=-1")]
    [InlineData("?limit=%205")]
    [InlineData("?limit=5%20")]
    [InlineData("?limit=%2B5")]
    [InlineData("?limit=1e1")]
    [InlineData("?limit=0x10")]
    [InlineData("?limit=99999999999999999999")]
    [InlineData("?limit=%D9%A5")]
    [InlineData("?limit=5&limit=6")]
    [InlineData("?limit=5&limit=5")]
    public void Invalid_limits(string query) => AssertOnlyError(Read(query), "limit");

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("42", 42L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Valid_after_seq(string value, long expected) => Assert.Equal(expected, AssertValid(Read($"?afterSeq={value}")).AfterSeq);

    [Fact]
    public void After_seq_with_filters_and_limit() =>
        Assert.Equal(
            new NotificationQuery { AfterSeq = 5, Limit = 10, Type = NotificationType.System, IsRead = true },
            AssertValid(Read("?afterSeq=5&limit=10&type=system&isRead=true&cursor=")));

    [Theory]
    [InlineData("?afterSeq=")]
    [InlineData("?afterSeq")]
    [InlineData("?afterSeq=-1")]
    [InlineData("?afterSeq=%2B1")]
    [InlineData("?afterSeq=1.0")]
    [InlineData("?afterSeq=abc")]
    [InlineData("?afterSeq=9223372036854775808")]
    [InlineData("?afterSeq=99999999999999999999999999")]
    [InlineData("?afterSeq=%201")]
    [InlineData("?afterSeq=1&afterSeq=2")]
    public void Invalid_after_seq(string query) => AssertOnlyError(Read(query), "afterSeq");

    [Fact]
    public void After_seq_cannot_be_combined_with_a_cursor() =>
        AssertOnlyError(Read($"?afterSeq=3&cursor={Cursors.Encode("alice", 9)}"), "afterSeq");

    [Theory]
    [InlineData("?cursor=garbage")]
    [InlineData("?cursor=%00")]
    [InlineData("?cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Invalid_cursors(string query) => AssertOnlyError(Read(query), "cursor");

    [Fact]
    public void Cursor_of_another_user_is_refused() =>
        AssertOnlyError(Read($"?cursor={Cursors.Encode("bob", 9)}"), "cursor");

    [Fact]
    public void Cursor_given_twice_is_refused()
    {
        var cursor = Cursors.Encode("alice", 9);
        AssertOnlyError(Read($"?cursor={cursor}&cursor={cursor}"), "cursor");
    }

    [Theory]
    [InlineData("?type=&cursor=&isRead=&conversationId=")]
    [InlineData("?type&cursor&isRead&conversationId")]
    public void Empty_values_count_as_absent(string query) => Assert.Equal(new NotificationQuery(), AssertValid(Read(query)));

    [Theory]
    [InlineData("?type=nope", "type")]
    [InlineData("?type=System", "type")]
    [InlineData("?type=%20system", "type")]
    [InlineData("?type=10", "type")]
    [InlineData("?type=system&type=system", "type")]
    [InlineData("?type=&type=system", "type")]
    [InlineData("?isRead=True", "isRead")]
    [InlineData("?isRead=1", "isRead")]
    [InlineData("?isRead=yes", "isRead")]
    [InlineData("?isRead=true&isRead=false", "isRead")]
    [InlineData("?conversationId=c%201", "conversationId")]
    [InlineData("?conversationId=c/1", "conversationId")]
    [InlineData("?conversationId=a&conversationId=b", "conversationId")]
    public void Invalid_filters(string query, string field) => AssertOnlyError(Read(query), field);

    [Fact]
    public void Conversation_id_length()
    {
        Assert.Equal(new string('c', 128), AssertValid(Read("?conversationId=" + new string('c', 128))).ConversationId);
        AssertOnlyError(Read("?conversationId=" + new string('c', 129)), "conversationId");
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Is_read(string value, bool expected) => Assert.Equal(expected, AssertValid(Read($"?isRead={value}")).IsRead);

    [Fact]
    public void Every_error_at_once() =>
        Assert.Equal(
            ["afterSeq", "conversationId", "cursor", "isRead", "limit", "type"],
            Read("?limit=0&afterSeq=x&cursor=y&type=z&isRead=maybe&conversationId=%2F").Errors!.ToDictionary().Keys.Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("", false, false)]
    [InlineData("?archived=&snoozed=", false, false)]
    [InlineData("?archived&snoozed", false, false)]
    [InlineData("?archived=false&snoozed=false", false, false)]
    [InlineData("?archived=true", true, false)]
    [InlineData("?snoozed=true", false, true)]
    [InlineData("?archived=true&snoozed=true", true, true)]
    [InlineData("?afterSeq=3&snoozed=true", false, true)]
    public void Archived_and_snoozed(string query, bool archived, bool snoozed)
    {
        var read = AssertValid(Read(query));
        Assert.Equal((archived, snoozed), (read.Archived, read.Snoozed));
    }

    [Theory]
    [InlineData("?archived=TRUE", "archived")]
    [InlineData("?archived=1", "archived")]
    [InlineData("?archived=true&archived=true", "archived")]
    [InlineData("?snoozed=no", "snoozed")]
    [InlineData("?snoozed=%20true", "snoozed")]
    public void Archived_and_snoozed_take_true_or_false(string query, string field) => AssertOnlyError(Read(query), field);
}
