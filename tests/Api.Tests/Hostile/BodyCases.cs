using System.Text;

namespace Notifications.Api.Tests.Hostile;

internal enum Kind
{
    UserId,
    RefId,
    Type,
    Priority,
    Text,
    Url,
    Time,
    Key,
    Data,
    Bool,
    HhMm,
    TimeZone,
    UserIds,
    Types,
    RefIds,
    Strings,
    Draft,
    Dnd,
    Seq,
    Actions,

    /// <summary>A snooze time: valid when after now and at most 30 days ahead.</summary>
    SnoozeUntil,

    /// <summary>A pause: valid when at most 7 days ahead (a past one too).</summary>
    PauseUntil,
}

/// <summary>A field of a request body: its JSON name, what it holds and its limits in code points.</summary>
internal sealed record Field(string Name, Kind Kind, int Min = 0, int Max = 0, bool Required = false);

/// <summary>
/// A route that reads a JSON body, with the fields API.md gives it and who may call it.
/// <paramref name="ValidIsNotFound"/>: the path names no notification of the caller, so a valid body
/// is answered 404 (the body is read first: an invalid one is still a 400).
/// </summary>
internal sealed record BodyRoute(string Name, string Method, string Path, string Caller, Field[] Fields, bool EmptyBodyIsValid = false, bool ValidIsNotFound = false)
{
    public static readonly Field[] Draft =
    [
        new("type", Kind.Type), new("title", Kind.Text, 0, 200), new("content", Kind.Text, 0, 1000), new("priority", Kind.Priority),
        new("senderId", Kind.UserId), new("senderUsername", Kind.Text, 0, 100), new("senderAvatar", Kind.Url, 0, 2048),
        new("messagePreview", Kind.Text, 0, 1000), new("conversationId", Kind.RefId), new("messageId", Kind.RefId),
        new("callSessionId", Kind.RefId), new("data", Kind.Data), new("expiresAt", Kind.Time), new("idempotencyKey", Kind.Key, 1, 128),
        new("collapseKey", Kind.RefId), new("actions", Kind.Actions),
    ];

    public static readonly Field[] DndFields = [new("enabled", Kind.Bool), new("start", Kind.HhMm), new("end", Kind.HhMm), new("timeZone", Kind.TimeZone)];

    public static readonly BodyRoute Create = new("create", "POST", "api/notifications", "service", [new("userId", Kind.UserId), .. Draft]);
    public static readonly BodyRoute Batch = new("batch", "POST", "api/notifications/batch", "service", [new("userIds", Kind.UserIds), new("notification", Kind.Draft)]);
    public static readonly BodyRoute Broadcast = new("broadcast", "POST", "api/admin/broadcast", "admin",
        [new("userIds", Kind.UserIds), new("title", Kind.Text, 1, 200), new("content", Kind.Text, 0, 1000), new("priority", Kind.Priority)]);
    public static readonly BodyRoute Preferences = new("preferences", "PUT", "api/notifications/preferences", "user",
        [new("disabledTypes", Kind.Types), new("mutedConversations", Kind.RefIds), new("dnd", Kind.Dnd), new("pausedUntil", Kind.PauseUntil)]);
    public static readonly BodyRoute ReadAll = new("read-all", "PATCH", "api/notifications/read-all", "user",
        [new("type", Kind.Type), new("conversationId", Kind.RefId), new("upToSeq", Kind.Seq)], EmptyBodyIsValid: true);
    public static readonly BodyRoute Seen = new("seen", "PATCH", "api/notifications/seen", "user", [new("upToSeq", Kind.Seq, Required: true)]);
    public static readonly BodyRoute Snooze = new("snooze", "PATCH", "api/notifications/0123456789abcdef0123456789abcdef/snooze", "user",
        [new("until", Kind.SnoozeUntil, Required: true)], ValidIsNotFound: true);
    public static readonly BodyRoute Retract = new("retract", "POST", "api/notifications/retract", "service", [new("messageId", Kind.RefId, Required: true)]);
    public static readonly BodyRoute DevToken = new("dev-token", "POST", "dev/token", "anonymous", [new("userId", Kind.UserId), new("roles", Kind.Strings)]);

    public static readonly BodyRoute[] All = [Create, Batch, Broadcast, Preferences, ReadAll, Seen, Snooze, Retract, DevToken];

    public override string ToString() => Name;
}

/// <summary>One generated body: the text (with <see cref="HostileGen.BadBytesMarker"/> for raw bad bytes) and whether it is valid as built.</summary>
internal sealed record BodyCase(string Text, bool Valid, string What);

/// <summary>Builds valid bodies for a route and breaks them in the ways a hostile client would.</summary>
internal static class BodyCases
{
    private static readonly string[] Types =
    [
        "new_message", "message_reply", "user_mentioned", "message_reaction", "contact_request", "contact_accepted",
        "new_conversation_direct", "new_conversation_group", "member_joined", "missed_call", "system",
    ];

    private static readonly string[] UnknownNames =
    [
        "userID", "Title", "__proto__", "constructor", "$type", "$id", "$ref", "", " ", "title ", "\\u0000", "\\ud800", "\\udfff\\ud800",
        "<script>", "'; DROP TABLE notifications;--", "type\\u0000", "ti\\u0074le2", "é", "\\ud83d\\ude00",
    ];

    public static BodyCase Next(HostileGen gen, BodyRoute route, string recipient)
    {
        var fields = ValidFields(gen, route.Fields, recipient);
        var roll = gen.Next(100);
        if (roll < 15)
        {
            return new BodyCase(Object(gen, fields), true, "valid");
        }

        if (roll < 30)
        {
            return new BodyCase(WholeBody(gen, Object(gen, fields)), false, "whole body");
        }

        var what = new StringBuilder();
        var mutations = gen.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            var index = gen.Next(route.Fields.Length);
            var field = route.Fields[index];
            switch (gen.Next(10))
            {
                case < 5:
                    fields.RemoveAll(f => f.Name == field.Name);
                    fields.Insert(Math.Min(index, fields.Count), (field.Name, Hostile(gen, field, recipient)));
                    what.Append($"hostile {field.Name}; ");
                    break;
                case 5:
                    fields.RemoveAll(f => f.Name == field.Name);
                    what.Append($"no {field.Name}; ");
                    break;
                case 6:
                    fields.Add((field.Name, gen.Chance(0.5) ? Valid(gen, field, recipient) : Hostile(gen, field, recipient)));
                    what.Append($"duplicate {field.Name}; ");
                    break;
                case 7:
                    fields.Add(("null-" + field.Name, "null"));
                    fields.RemoveAll(f => f.Name == field.Name);
                    fields.Add((field.Name, "null"));
                    what.Append($"null {field.Name}; ");
                    break;
                default:
                    fields.Insert(gen.Next(fields.Count + 1), (gen.Pick(UnknownNames), gen.Chance(0.5) ? gen.WrongKind() : gen.JsonString(gen.Payload())));
                    what.Append("unknown field; ");
                    break;
            }
        }

        return new BodyCase(Object(gen, fields), false, what.ToString());
    }

    /// <summary>The whole body broken: not JSON, truncated, of the wrong kind, trailing garbage.</summary>
    private static string WholeBody(HostileGen gen, string valid) => gen.Next(12) switch
    {
        0 => valid[..gen.Next(valid.Length)],
        1 => "[" + valid + "]",
        2 => gen.Pick(["\"str\"", "42", "true", "false", "null", "-0", "1e999", "[]", "[[]]", "\"\\ud800\""]),
        3 => valid + gen.Pick(["x", "}", ",", "{}", " null", "\u0000", "\n\n{\"a\":1}"]),
        4 => gen.Pick(["", " ", "\r\n", "nul", "tru", "{", "}", "[", "{\"", "{'userId':'a'}", "<xml/>", "<script>alert(1)</script>", "userId=a&type=system", "\u0000", "{\"a\":1,}", "{,}", "{\"a\" 1}", "{\"a\":01}", "{\"a\":NaN}", "{\"a\":Infinity}", "/*c*/{}", "{\"a\":1}//c"]),
        5 => "{" + HostileGen.BadBytesMarker + "}",
        6 => valid.Replace("\":", "\":" + HostileGen.BadBytesMarker, StringComparison.Ordinal),
        7 => gen.Nested(10_000, balanced: gen.Chance(0.5)),
        8 => valid.Insert(1, "\"data\":" + gen.Nested(gen.Next(20, 200)) + ","),
        9 => "\uFEFF" + valid,
        10 => valid.Replace("\"", "'", StringComparison.Ordinal),
        _ => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(valid)), // UTF-8 read as Latin-1 and sent again as UTF-8
    };

    public static string Object(HostileGen gen, List<(string Name, string Value)> fields)
    {
        var builder = new StringBuilder().Append('{').Append(gen.Space());
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',').Append(gen.Space());
            }

            var name = fields[i].Name;
            builder.Append('"').Append(name).Append('"').Append(gen.Space()).Append(':').Append(gen.Space()).Append(fields[i].Value);
        }

        return builder.Append(gen.Space()).Append('}').ToString();
    }

    public static List<(string Name, string Value)> ValidFields(HostileGen gen, Field[] schema, string recipient)
    {
        var fields = new List<(string, string)>();
        foreach (var field in schema)
        {
            var required = field.Required || field.Name is "userId" or "userIds" or "type" or "notification" or "enabled" || field.Name is "title" or "content" && field.Min == 1
                || schema.Any(f => f.Name == "title" && f.Min == 1) && field.Name == "content";
            if (required || gen.Chance(0.6))
            {
                fields.Add((field.Name, Valid(gen, field, recipient)));
            }
        }

        return fields;
    }

    public static string Valid(HostileGen gen, Field field, string recipient) => field.Kind switch
    {
        Kind.UserId => field.Name == "userId" ? $"\"{recipient}\"" : gen.Pick(["\"bob\"", "\"b-2_X\"", "\"" + new string('s', 64) + "\""]),
        Kind.RefId => gen.Pick(["\"c1\"", "\"conv:42\"", "\"a.b@c-d_e\"", "\"" + new string('r', 128) + "\""]),
        Kind.Type => "\"" + gen.Pick(Types) + "\"",
        Kind.Priority => gen.Pick(["\"low\"", "\"normal\"", "\"high\"", "\"urgent\""]),
        Kind.Text => gen.JsonString(ValidText(gen, field)),
        Kind.Url => gen.Pick(["\"https://example.com/a.png\"", "\"http://例え.jp/ä.png\"", "\"HTTPS://X.ORG\""]),
        Kind.Time => gen.Pick(["\"2099-01-01T00:00:00Z\"", "\"2099-01-01t00:00:00.123456789+14:00\""]),
        Kind.Key => gen.JsonString(("k-" + gen.Next(1_000_000_000) + (gen.Chance(0.3) ? gen.Payload() : "")).Replace("\0", "", StringComparison.Ordinal)),
        Kind.Data => gen.Pick([
            "{}", "{\"k\":" + gen.JsonString(gen.Payload()) + ",\"n\":1.5e3,\"a\":[true,null,{\"x\":[]}]}",
            "{" + gen.JsonString(gen.Payload()) + ":" + gen.JsonString(gen.Text(gen.Next(0, 30))) + "}", "{\"d\":" + gen.Nested(31) + "}",
        ]),
        Kind.Bool => gen.Pick(["true", "false"]),
        Kind.HhMm => gen.Pick(["\"22:00\"", "\"00:00\"", "\"23:59\"", "\"07:30\""]),
        Kind.TimeZone => gen.Pick(["\"UTC\"", "\"Europe/Paris\"", "\"America/Argentina/Buenos_Aires\"", "\"Pacific/Kiritimati\""]),
        Kind.UserIds => "[\"" + recipient + "\"" + (gen.Chance(0.3) ? ",\"" + recipient + "-2\"" : "") + "]",
        Kind.Types => "[" + string.Join(',', Enumerable.Range(0, gen.Next(4)).Select(_ => "\"" + gen.Pick(Types) + "\"")) + "]",
        Kind.RefIds => "[" + string.Join(',', Enumerable.Range(0, gen.Next(4)).Select(i => "\"c" + i + "\"")) + "]",
        Kind.Strings => "[" + string.Join(',', Enumerable.Range(0, gen.Next(3)).Select(_ => gen.Pick(["\"service\"", "\"admin\"", "\"<script>\"", "\"\"", "\"é\""]))) + "]",
        Kind.Draft => Object(gen, ValidFields(gen, BodyRoute.Draft, recipient)),
        Kind.Dnd => gen.Chance(0.5)
            ? "{\"enabled\":false}"
            : Object(gen, [("enabled", "true"), ("start", Valid(gen, BodyRoute.DndFields[1], recipient)), ("end", Valid(gen, BodyRoute.DndFields[2], recipient)), ("timeZone", Valid(gen, BodyRoute.DndFields[3], recipient))]),
        Kind.Seq => gen.Pick(["0", "1", "42", "9223372036854775807", gen.Next(int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture)]),
        Kind.Actions => gen.Pick([
            "[]", "[{\"id\":\"ok\",\"label\":\"OK\"}]",
            "[{\"id\":\"a-1\",\"label\":" + gen.JsonString(gen.Pick(["<b>Yes</b>", "Tom &amp; Jerry", "\U0001F600 OK", "<i>x</i><script>y</script>"])) + ",\"url\":\"https://example.com/a\"},{\"id\":\"b_2\",\"label\":\"B\",\"url\":null},{\"id\":\"" + new string('c', 32) + "\",\"label\":\"" + new string('l', 40) + "\"}]",
        ]),
        Kind.SnoozeUntil => "\"" + Timestamp(DateTimeOffset.UtcNow.AddMinutes(gen.Next(10, 29 * 24 * 60)), gen) + "\"",
        Kind.PauseUntil => gen.Pick(["null", "\"2020-01-01T00:00:00Z\"", "\"" + Timestamp(DateTimeOffset.UtcNow.AddMinutes(gen.Next(1, 6 * 24 * 60)), gen) + "\""]),
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    /// <summary>A time as clients write it, in UTC or with an offset.</summary>
    private static string Timestamp(DateTimeOffset time, HostileGen gen) =>
        time.ToOffset(TimeSpan.FromMinutes(gen.Pick([0, 60, -300, 330, 840]))).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);

    private static string ValidText(HostileGen gen, Field field)
    {
        var text = gen.Chance(0.4) ? gen.Payload() : gen.Text(gen.Next(field.Min, Math.Min(field.Max, 40) + 1));
        var count = CodePoints(text);
        return count > field.Max || count < field.Min ? new string('t', Math.Max(field.Min, 1)) : text;
    }

    public static int CodePoints(string text) => text.EnumerateRunes().Count();

    public static string Hostile(HostileGen gen, Field field, string recipient)
    {
        if (gen.Chance(0.25))
        {
            return gen.WrongKind();
        }

        switch (field.Kind)
        {
            case Kind.Text or Kind.Key:
                return gen.Next(10) switch
                {
                    < 5 => gen.JsonString(gen.Text(gen.AroundLimit(field.Max))),
                    < 7 => gen.BrokenString(gen.Text(gen.Next(0, 10))),
                    < 9 => gen.JsonString(gen.Payload()),
                    _ => gen.JsonString(gen.Text(100_000)),
                };
            case Kind.UserId or Kind.RefId or Kind.Type or Kind.Priority or Kind.HhMm or Kind.TimeZone:
                return gen.Next(6) switch
                {
                    0 => gen.BrokenString("c1"),
                    1 => gen.JsonString(gen.Payload()),
                    2 when field.Kind == Kind.HhMm => gen.Pick(["\"24:00\"", "\"7:00\"", "\"22:00:00\"", "\"２２:００\"", "\"-1:00\"", "\"22:60\"", "\"22h00\""]),
                    2 when field.Kind == Kind.TimeZone => gen.Pick(["\"../../../../etc/passwd\"", "\"/etc/localtime\"", "\"utc\"", "\"Europe/Paris\\u0000\"", "\"W. Europe Standard Time\"", "\"Etc/../Europe/Paris\"", "\"" + new string('Z', 10_000) + "\"", "\"Europe\\/Paris\""]),
                    2 when field.Kind is Kind.Type or Kind.Priority => gen.Pick(["\"SYSTEM\"", "\"system \"", "\"sys\\u0074em\"", "\"new_message\\u0000\"", "\"Urgent\"", "\"0\""]),
                    _ => gen.JsonString(gen.BadId()),
                };
            case Kind.Url:
                return gen.JsonString(gen.Pick([
                    "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "https://", "http://[::1", "https://x/\"><script>alert(1)</script>",
                    "https://a.b/" + new string('p', 2036), "https://a.b/" + new string('p', 2037), "ftp://x/a", "//x/a", "https://x/a b", "https://x/\u0000",
                    "https://x/\u202E", "https://user:pw@x/a", "https://x:99999/a",
                ]));
            case Kind.Seq:
                return gen.Pick(["-1", "-0", "1.0", "0.5", "1e3", "1E-2", "9223372036854775808", "99999999999999999999999", "\"5\"", "true", "[1]", "{}", "NaN"]);
            case Kind.Actions:
                return gen.Pick([
                    "{}", "\"ok\"", "[1]", "[null]", "[[]]", "[{}]",
                    "[{\"id\":\"a\",\"label\":\"A\"},{\"id\":\"b\",\"label\":\"B\"},{\"id\":\"c\",\"label\":\"C\"},{\"id\":\"d\",\"label\":\"D\"}]",
                    "[{\"id\":\"a\",\"label\":\"A\"},{\"id\":\"a\",\"label\":\"B\"}]",
                    "[{\"id\":" + gen.JsonString(gen.BadId()) + ",\"label\":\"A\"}]",
                    "[{\"id\":\"" + new string('i', 33) + "\",\"label\":\"A\"}]",
                    "[{\"id\":\"a\",\"label\":" + gen.JsonString(gen.Text(gen.AroundLimit(40))) + "}]",
                    "[{\"id\":\"a\",\"label\":" + gen.JsonString(gen.Pick(["<b></b>", "<script>alert(1)</script>", "   ", "<!-- -->", "&nbsp;"])) + "}]",
                    "[{\"id\":\"a\",\"label\":" + gen.BrokenString("A") + "}]",
                    "[{\"id\":\"a\",\"label\":\"A\",\"url\":" + gen.JsonString(gen.Pick(["javascript:alert(1)", "data:text/html,x", "//x/a", "https://x/a b", "https://a.b/" + new string('p', 2037)])) + "}]",
                    "[{\"id\":\"a\",\"label\":\"A\",\"url\":" + gen.WrongKind() + "}]",
                    "[" + gen.Nested(gen.Pick([3, 100, 10_000])) + "]",
                ]);
            case Kind.SnoozeUntil or Kind.PauseUntil:
                return gen.JsonString(gen.Pick([
                    Timestamp(DateTimeOffset.UtcNow.AddDays(field.Kind == Kind.SnoozeUntil ? 31 : 8), gen), "2099-01-01T00:00:00Z", "2026-13-01T00:00:00Z",
                    "2099-01-01T00:00:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2099-01-01T00:00:00+99:99", "now", "", "٢٠٩٩-٠١-٠١T00:00:00Z",
                ]));
            case Kind.Time:
                return gen.JsonString(gen.Pick([
                    "2026-13-01T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2099-01-01T00:00:00", "2099-01-01T00:00:00+99:99",
                    "2099-01-01T00:00:00.1234567890123Z", "2099-02-30T00:00:00Z", "٢٠٩٩-٠١-٠١T00:00:00Z", "2099-01-01 00:00:00Z", "99999-01-01T00:00:00Z",
                    "2099-01-01T24:00:00Z", "2099-01-01T00:00:60Z", "now", "",
                ]));
            case Kind.Data:
                return gen.Next(8) switch
                {
                    0 => gen.Nested(gen.Pick([32, 33, 34, 128, 129, 10_000]), balanced: gen.Chance(0.8)),
                    1 => "{\"d\":" + gen.Nested(gen.Pick([31, 32, 33])) + "}",
                    2 => "{\"k\":" + gen.JsonString(new string('x', gen.Pick([10_230, 10_231, 10_232, 50_000]))) + "}",
                    3 => "{" + gen.BrokenString("key") + ":1}",
                    4 => "{\"k\":" + gen.BrokenString("value") + "}",
                    5 => "{\"a\":1,\"a\":2,\"__proto__\":{\"x\":1}}",
                    6 => "{\"n\":" + gen.Pick(["1e999", "-1e999", "123456789012345678901234567890", "-0", "0.1e-400"]) + "}",
                    _ => gen.Pick(["[]", "\"{}\"", "[{}]", "{\"a\":" + gen.Nested(10_000, balanced: false)]),
                };
            case Kind.UserIds or Kind.Types or Kind.RefIds or Kind.Strings:
                return gen.Next(7) switch
                {
                    0 => "[]",
                    1 => "[" + string.Join(',', Enumerable.Repeat("\"" + recipient + "\"", gen.Pick([2, 101]))) + "]",
                    2 => "[" + string.Join(',', Enumerable.Range(0, gen.Pick([100, 101, 10_000, 10_001])).Select(i => "\"u" + i + "\"")) + "]",
                    3 => "[" + gen.BrokenString("x") + "]",
                    4 => "[" + gen.WrongKind() + "," + gen.JsonString(gen.BadId()) + "]",
                    5 => "[" + gen.JsonString(gen.Payload()) + "]",
                    _ => "[[\"" + recipient + "\"]]",
                };
            case Kind.Draft:
                return Next(gen, new BodyRoute("draft", "POST", "", "service", BodyRoute.Draft), recipient).Text;
            case Kind.Dnd:
                var dnd = ValidFields(gen, BodyRoute.DndFields, recipient);
                var broken = gen.Pick(BodyRoute.DndFields);
                dnd.RemoveAll(f => f.Name == broken.Name);
                if (gen.Chance(0.7))
                {
                    dnd.Add((broken.Name, Hostile(gen, broken, recipient)));
                }

                return Object(gen, dnd);
            default:
                return gen.WrongKind();
        }
    }
}
