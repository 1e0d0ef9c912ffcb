using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Text;

namespace Notifications.LoadTest.Http;

/// <summary>
/// The JSON bodies of the producer calls. The constant parts are encoded once per run; a request
/// only splices in the user id(s) and the send time, into one exactly-sized array.
/// </summary>
public sealed class RequestBodies
{
    /// <summary>API.md: <c>content</c> holds at most 1,000 code points; the rest of the payload goes to <c>data</c>.</summary>
    private const int MaxContent = 1_000;

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private static readonly byte[] SinglePrefix = "{\"userId\":\""u8.ToArray();
    private static readonly byte[] BatchPrefix = "{\"userIds\":["u8.ToArray();
    private static readonly byte[] BatchDraftStart = "],\"notification\":{"u8.ToArray();
    private static readonly byte[] SingleKeyField = "\",\"idempotencyKey\":\""u8.ToArray();
    private static readonly byte[] BatchKeyField = "\"idempotencyKey\":\""u8.ToArray();
    private static readonly byte[] BatchKeyEnd = "\","u8.ToArray();

    private readonly byte[] _singleMiddle;
    private readonly byte[] _draft;
    private readonly byte[] _suffix;

    public RequestBodies(string runId, int payloadBytes)
    {
        var content = new string('x', Math.Min(payloadBytes, MaxContent));
        var pad = payloadBytes > MaxContent ? new string('p', payloadBytes - MaxContent) : null;

        // new_message is the type a chat backend sends most; no conversationId, so no mute applies.
        var draft = $$"""
            "type":"new_message","title":"Load test","senderId":"load-producer","content":"{{content}}","data":{"runId":"{{runId}}","sentAt":
            """;
        _singleMiddle = Encoding.UTF8.GetBytes("\"," + draft);
        _draft = Encoding.UTF8.GetBytes(draft);
        _suffix = Encoding.UTF8.GetBytes(pad is null ? "}}" : ",\"pad\":\"" + pad + "\"}}");
    }

    /// <summary>Body of <c>POST /api/notifications</c>; with an idempotency key when one is given (ASCII, no quotes).</summary>
    public ByteArrayContent Single(string userId, long sentAt, string? idempotencyKey = null)
    {
        var keyBytes = idempotencyKey is null ? 0 : SingleKeyField.Length + idempotencyKey.Length;
        var body = new byte[SinglePrefix.Length + userId.Length + keyBytes + _singleMiddle.Length + 20 + _suffix.Length];
        var n = Append(body, 0, SinglePrefix);
        n += Encoding.ASCII.GetBytes(userId, body.AsSpan(n)); // user ids are [A-Za-z0-9_-]
        if (idempotencyKey is not null)
        {
            n = Append(body, n, SingleKeyField);
            n += Encoding.ASCII.GetBytes(idempotencyKey, body.AsSpan(n));
        }

        n = Append(body, n, _singleMiddle);
        n = AppendNumber(body, n, sentAt);
        n = Append(body, n, _suffix);
        return Content(body, n);
    }

    /// <summary>Body of <c>POST /api/notifications/batch</c>: the same draft, one level deeper (hence one more closing brace).</summary>
    public ByteArrayContent Batch(IReadOnlyList<string> userIds, long sentAt, string? idempotencyKey = null)
    {
        var idBytes = 0;
        foreach (var id in userIds)
        {
            idBytes += id.Length + 3;
        }

        var keyBytes = idempotencyKey is null ? 0 : BatchKeyField.Length + idempotencyKey.Length + BatchKeyEnd.Length;
        var body = new byte[BatchPrefix.Length + idBytes + BatchDraftStart.Length + keyBytes + _draft.Length + 20 + _suffix.Length + 1];
        var n = Append(body, 0, BatchPrefix);
        for (var i = 0; i < userIds.Count; i++)
        {
            if (i > 0)
            {
                body[n++] = (byte)',';
            }

            body[n++] = (byte)'"';
            n += Encoding.ASCII.GetBytes(userIds[i], body.AsSpan(n));
            body[n++] = (byte)'"';
        }

        n = Append(body, n, BatchDraftStart);
        if (idempotencyKey is not null)
        {
            n = Append(body, n, BatchKeyField);
            n += Encoding.ASCII.GetBytes(idempotencyKey, body.AsSpan(n));
            n = Append(body, n, BatchKeyEnd);
        }

        n = Append(body, n, _draft);
        n = AppendNumber(body, n, sentAt);
        n = Append(body, n, _suffix);
        body[n++] = (byte)'}';
        return Content(body, n);
    }

    private static int Append(byte[] body, int at, byte[] part)
    {
        part.CopyTo(body, at);
        return at + part.Length;
    }

    private static int AppendNumber(byte[] body, int at, long value)
    {
        Utf8Formatter.TryFormat(value, body.AsSpan(at), out var written);
        return at + written;
    }

    private static ByteArrayContent Content(byte[] body, int length)
    {
        var content = new ByteArrayContent(body, 0, length);
        content.Headers.ContentType = Json;
        return content;
    }
}
