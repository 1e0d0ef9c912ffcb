using System.Text;
using Notifications.Api.Auth;
using Notifications.Api.Tests.Infrastructure;

namespace Notifications.Api.Tests.Hostile;

/// <summary>
/// Generated hostile query strings, ids in paths, methods and headers on every route (issue 11),
/// sent over a bare socket so the request target and the headers are exactly as generated.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileRequestTests(NotificationsApiFactory factory, ITestOutputHelper output)
{
    private sealed record Route(string Method, string Path, string Caller, string? Body = null)
    {
        public bool IsHub => Path.StartsWith("/hubs/", StringComparison.Ordinal);
    }

    private static readonly Route[] Routes =
    [
        new("GET", "/api/notifications", "user"),
        new("GET", "/api/notifications/counts", "user"),
        new("GET", "/api/notifications/preferences", "user"),
        new("PUT", "/api/notifications/preferences", "user", "{}"),
        new("PATCH", "/api/notifications/read-all", "user", ""),
        new("PATCH", "/api/notifications/seen", "user", "{\"upToSeq\":1}"),
        new("PATCH", "/api/notifications/archive-read", "user", ""),
        new("GET", "/api/notifications/{id}", "user"),
        new("PATCH", "/api/notifications/{id}/read", "user"),
        new("PATCH", "/api/notifications/{id}/archive", "user"),
        new("PATCH", "/api/notifications/{id}/unarchive", "user"),
        new("PATCH", "/api/notifications/{id}/snooze", "user", "{\"until\":\"" + DateTimeOffset.UtcNow.AddDays(1).ToString("O") + "\"}"),
        new("PATCH", "/api/notifications/{id}/unsnooze", "user"),
        new("POST", "/api/notifications/{id}/actions/ok", "user"),
        new("POST", "/api/notifications/0123456789abcdef0123456789abcdef/actions/{id}", "user"),
        new("DELETE", "/api/notifications/{id}", "user"),
        new("POST", "/api/notifications", "service", "{\"userId\":\"hostile-h\",\"type\":\"system\",\"title\":\"<b>hi</b>\"}"),
        new("POST", "/api/notifications/batch", "service", "{\"userIds\":[\"hostile-h\"],\"notification\":{\"type\":\"system\"}}"),
        new("POST", "/api/notifications/retract", "service", "{\"messageId\":\"hostile-m\"}"),
        new("POST", "/api/admin/broadcast", "admin", "{\"userIds\":[\"hostile-h\"],\"title\":\"t\",\"content\":\"c\"}"),
        new("GET", "/api/admin/audit", "admin"),
        new("POST", "/dev/token", "anonymous", "{\"userId\":\"hostile-h\"}"),
        new("POST", "/hubs/notifications/negotiate?negotiateVersion=1", "user", ""),
        new("GET", "/health/live", "anonymous"),
        new("GET", "/health/ready", "anonymous"),
        new("GET", "/metrics", "anonymous"),
    ];

    private static readonly string[] IdTricks =
    [
        "..", "%2E%2E", "..%2F..%2Fadmin%2Fbroadcast", "%2e%2e%2fcounts", "a%2Fb", "%00", "a%00b", "%ZZ", "%", "%E2%98%83", "%F0%9F%98%80",
        "%ED%A0%80", "%C0%AF", "%FF", "0123456789abcdef0123456789abcdef%00", "0123456789ABCDEF0123456789ABCDEF", "counts", "preferences", "read-all",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "'%20OR%201=1--", "%20", "+", "a;b=c", "a%3Bb", "%5C..%5C", "..%5C..%5C", "~", "$", "@",
    ];

    private static readonly string[] QueryNames = ["limit", "afterSeq", "cursor", "type", "isRead", "conversationId", "archived", "snoozed", "unknown"];

    private static readonly string[] QueryValues =
    [
        "", "0", "1", "50", "100", "101", "-1", "-0", "+5", "%205", "5%20", "%2B5", "1e2", "0x10", "%EF%BC%95", "1.0", "1,2", "99999999999999999999",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "NaN", "true", "TRUE", "false", "system", "SYSTEM", "c1",
        "%3Cscript%3E", "'%20OR%201=1--", "%00", "%FF", "%ED%A0%80", "eyJzIjoxfQ", "AAAA", "null", "undefined", "%2F..%2F",
    ];

    [Fact]
    public async Task Generated_query_strings_on_the_lists_never_get_a_5xx()
    {
        await HostileRun.ForEachCaseAsync(output, "query", async (gen, replay) =>
        {
            var parameters = Enumerable.Range(0, gen.Next(1, 5)).Select(_ =>
            {
                var value = gen.Next(10) switch
                {
                    0 => new string('9', gen.Pick([20, 1000, 4000])),
                    1 => Uri.EscapeDataString(gen.Payload()),
                    2 => Convert.ToBase64String(Encoding.UTF8.GetBytes(gen.Text(gen.Next(1, 40)))).Replace("=", "%3D", StringComparison.Ordinal).Replace("+", "%2B", StringComparison.Ordinal).Replace("/", "%2F", StringComparison.Ordinal),
                    _ => gen.Pick(QueryValues),
                };
                return gen.Pick(QueryNames) + (gen.Chance(0.05) ? "" : "=" + value);
            });
            var (path, role) = gen.Chance(0.8) ? ("/api/notifications", "user") : ("/api/admin/audit", "admin");
            var target = path + "?" + string.Join(gen.Chance(0.9) ? "&" : gen.Pick([";", "&&", "&=&"]), parameters);
            await SendAsync(new Route("GET", target, role), target, [], replay, serverMayRefuse: target.Length > 8000 || target.Contains("%00", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task Ids_with_path_tricks_are_404_problems()
    {
        await HostileRun.ForEachCaseAsync(output, "ids", async (gen, replay) =>
        {
            var id = gen.Next(6) switch
            {
                0 => new string('a', gen.Pick([31, 33, 1000, 7000])),
                1 => gen.Pick(IdTricks) + gen.Pick(IdTricks),
                2 => Uri.EscapeDataString(gen.Text(gen.Next(1, 20))),
                _ => gen.Pick(IdTricks),
            };
            var route = gen.Pick(Routes.Where(r => r.Path.Contains("{id}", StringComparison.Ordinal)).ToArray());
            var target = route.Path.Replace("{id}", id, StringComparison.Ordinal);
            // API.md: the server itself refuses a request line that is too long or has a NUL in the target (%00 decodes to one).
            var answer = await SendAsync(route, target, [], replay, serverMayRefuse: target.Length > 8000 || target.Contains("%00", StringComparison.Ordinal));

            // Nothing with such an id exists for this user: whatever route it lands on, it is not a success that changes something.
            Assert.True(answer.Status is 404 or 400 or 405 or 414 || (answer.Status == 200 && route.Method == "GET"), replay.Describe($"{route.Method} {target}") + $" -> {answer.Status}");
        });
    }

    [Fact]
    public async Task Generated_methods_and_headers_on_every_route_never_get_a_5xx()
    {
        await HostileRun.ForEachCaseAsync(output, "headers", async (gen, replay) =>
        {
            var route = gen.Pick(Routes);
            var method = gen.Chance(0.8) ? route.Method : gen.Pick(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO", "get"]);
            var target = route.Path.Replace("{id}", "0123456789abcdef0123456789abcdef", StringComparison.Ordinal);
            var headers = new List<(string, byte[])>();
            var serverMayRefuse = false;
            byte[]? framedBody = null;
            var auth = Authorization(route.Caller);
            var mutations = gen.Next(1, 4);
            for (var m = 0; m < mutations; m++)
            {
                switch (gen.Next(12))
                {
                    case 0:
                        headers.Add(("Accept", RawHttp.Ascii(gen.Pick(["text/html", "application/xml", "text/plain", "image/png", ";;;", "*/*;q=0", "application/json;q=0", "text/*"]))));
                        break;
                    case 1:
                        auth = gen.Pick<string?>([null, "Bearer", "Bearer ", "Bearer garbage", "Basic YTpi", "bearer " + Token(route.Caller), "Bearer " + Token(route.Caller) + "x",
                            "Bearer a.b.c", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiJ9.", "Bearer " + new string('A', 20_000), "Bearer <script>alert(1)</script>"]);
                        break;
                    case 2:
                        headers.Add(("Authorization", RawHttp.Ascii("Bearer " + Token("admin")))); // a second Authorization line
                        break;
                    case 3:
                        var size = gen.Pick([100, 8_000, 20_000, 40_000]);
                        headers.Add(("X-Junk", RawHttp.Ascii(new string('j', size))));
                        break;
                    case 4:
                        headers.Add(("X-Name", Encoding.UTF8.GetBytes("é☃\U0001F600<script>")));
                        headers.Add(("X-Bad", gen.Pick(HostileGen.BadUtf8)));
                        serverMayRefuse = true; // Kestrel refuses non-ASCII header bytes itself
                        break;
                    case 5:
                        headers.Add(("Content-Type", RawHttp.Ascii(gen.Pick(["text/plain", "application/json; charset=latin1", "application/json; charset=utf-16", "", "a/b/c", "multipart/form-data"]))));
                        break;
                    case 6:
                        headers.Add(("Accept-Encoding", RawHttp.Ascii(gen.Pick(["gzip", "br", "identity;q=0", "x"]))));
                        headers.Add(("Accept", RawHttp.Ascii("text/html")));
                        break;
                    case 7:
                        headers.Add(("Content-Length", RawHttp.Ascii(gen.Pick(["abc", "-1", "99999999999999999999", "1, 2"]))));
                        serverMayRefuse = true;
                        break;
                    case 8:
                        headers.Add(("Transfer-Encoding", RawHttp.Ascii(gen.Pick(["chunked", "gzip", "identity"]))));
                        headers.Add(("Content-Length", RawHttp.Ascii("2")));
                        framedBody = "{}"u8.ToArray(); // two bytes sent, so the server never waits for a body that does not come
                        serverMayRefuse = true;
                        break;
                    case 9:
                        headers.Add(("Origin", RawHttp.Ascii(gen.Pick(["http://evil.example", "null", "<script>"]))));
                        headers.Add(("X-HTTP-Method-Override", RawHttp.Ascii("DELETE")));
                        break;
                    case 10:
                        headers.Add(("Accept-Language", RawHttp.Ascii(gen.Pick(["fr-FR", "xx-YY;q=2", "*"]))));
                        headers.Add(("Accept-Charset", RawHttp.Ascii("latin1")));
                        break;
                    default:
                        headers.Add(("Expect", RawHttp.Ascii(gen.Pick(["100-continue", "nothing"]))));
                        serverMayRefuse = true; // Kestrel answers an unknown expectation itself (417)
                        break;
                }
            }

            if (auth is not null)
            {
                headers.Insert(0, ("Authorization", RawHttp.Ascii(auth)));
            }

            // Kestrel answers 431 itself past 32 KB of headers in total, whichever headers make them up.
            serverMayRefuse |= headers.Sum(h => h.Item1.Length + h.Item2.Length + 4) > 30_000;

            var body = framedBody ?? (route.Body is { } text && method is not ("GET" or "HEAD" or "get") ? Encoding.UTF8.GetBytes(text) : null);
            if (body is not null && !headers.Any(h => h.Item1 is "Content-Length" or "Transfer-Encoding"))
            {
                headers.Add(("Content-Length", RawHttp.Ascii(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            }

            await SendAsync(route with { Method = method }, target, headers, replay, serverMayRefuse, body);
        });
    }

    private async Task<Answer> SendAsync(Route route, string target, List<(string, byte[])> headers, Replay replay, bool serverMayRefuse, byte[]? body = null)
    {
        if (!headers.Any(h => h.Item1 == "Authorization") && Authorization(route.Caller) is { } auth && !headers.Any(h => h.Item1 == "X-No-Auth"))
        {
            headers.Insert(0, ("Authorization", RawHttp.Ascii(auth)));
        }

        var answer = await RawHttp.SendAsync(factory.BaseAddress, route.Method, target, headers, body);
        var description = $"{route.Method} {target} " + string.Join(" | ", headers.Select(h => $"{h.Item1}: {Replay.Shorten(Encoding.Latin1.GetString(h.Item2))}"));
        HostileProbe.Check(answer, replay, description, head: route.Method == "HEAD", serverMayRefuse: serverMayRefuse, transport: route.IsHub);
        Assert.True(!route.Path.StartsWith("/health/ready", StringComparison.Ordinal) || answer.Status != 503, "not ready " + replay.Describe(description));
        return answer;
    }

    private string? Authorization(string caller) => caller == "anonymous" ? null : "Bearer " + Token(caller);

    // A fresh user for every request: end users and admins have 100 requests a minute.
    private string Token(string caller) => caller switch
    {
        "service" => factory.TokenFor(NotificationsApiFactory.NewUserId("hostile-producer"), Roles.Service),
        "admin" => factory.TokenFor(NotificationsApiFactory.NewUserId("hostile-admin"), Roles.Admin),
        _ => factory.TokenFor(NotificationsApiFactory.NewUserId("hostile-user")),
    };
}
