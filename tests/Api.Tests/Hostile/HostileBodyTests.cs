using System.Text;
using Notifications.Api.Auth;
using Notifications.Api.Tests.Infrastructure;

namespace Notifications.Api.Tests.Hostile;

/// <summary>
/// Generated hostile bodies for every route that reads one (issue 11): never a 5xx, errors are
/// problem+json, no markup comes back. Valid bodies among them must be accepted.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileBodyTests(NotificationsApiFactory factory, ITestOutputHelper output)
{
    private const int OneMegabyte = 1_048_576;
    private const int RequestsPerUser = 80; // end users and admins have 100 requests a minute

    private static readonly string?[] OddContentTypes =
    [
        null, "text/plain", "application/json; charset=latin1", "application/json; charset=utf-16", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/json; charset=\"", "*/*", "application/xml", "text/html; charset=utf-8", "application/problem+json",
    ];

    public static TheoryData<string> Routes => [.. BodyRoute.All.Select(r => r.Name)];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Generated_bodies_never_get_a_5xx_and_errors_are_problems(string routeName)
    {
        var route = BodyRoute.All.Single(r => r.Name == routeName);
        var callers = new Callers(factory, route.Caller);
        await HostileRun.ForEachCaseAsync(output, "body-" + route.Name, async (gen, replay) =>
        {
            var recipient = $"hostile-{replay.Seed}-{replay.Case}";
            var body = BodyCases.Next(gen, route, recipient);
            var contentType = gen.Chance(0.85) ? "application/json" : gen.Pick(OddContentTypes);
            var chunked = gen.Chance(0.15);
            var bytes = gen.Encode(body.Text, allowBom: !body.Valid);
            var request = HostileProbe.Request(new HttpMethod(route.Method), route.Path, bytes, contentType, chunked);
            var description = $"[{body.What}] Content-Type: {contentType ?? "(none)"}{(chunked ? ", chunked" : "")}: {HostileProbe.Utf8(bytes)}";

            var answer = await HostileProbe.SendAsync(callers.Next(), request, replay, description);
            if (body.Valid && contentType == "application/json")
            {
                Assert.True(
                    route.ValidIsNotFound ? answer.Status == 404 : answer.Status is >= 200 and < 300,
                    "a valid body was refused " + replay.Describe(description) + $" -> {answer.Status}: {Replay.Shorten(answer.Body)}");
            }
        });
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Oversized_bodies_are_413_problems_with_or_without_a_length(string routeName)
    {
        var route = BodyRoute.All.Single(r => r.Name == routeName);
        var callers = new Callers(factory, route.Caller);
        await HostileRun.ForEachCaseAsync(output, "oversize-" + route.Name, async (gen, replay) =>
        {
            var size = OneMegabyte + gen.Pick([1, 2, 1000, OneMegabyte + 1]);
            var chunked = gen.Chance(0.5);
            var valid = BodyCases.Object(gen, BodyCases.ValidFields(gen, route.Fields, $"hostile-{replay.Seed}-{replay.Case}"));
            var bytes = gen.Chance(0.5) ? Padded(valid, size) : HugeString(size);
            var request = HostileProbe.Request(new HttpMethod(route.Method), route.Path, bytes, "application/json", chunked);

            // As curl does for a large body: the server may then refuse it before it is sent. Without
            // it, a 413 answered before the body is read can be lost to the reset of the connection.
            request.Headers.ExpectContinue = true;
            var description = $"{bytes.Length} bytes{(chunked ? ", chunked" : ", Content-Length")}: {Encoding.UTF8.GetString(bytes, 0, 200)}";

            var answer = await HostileProbe.SendAsync(callers.Next(), request, replay, description);
            Assert.True(answer.Status == 413, "not a 413 " + replay.Describe(description) + $" -> {answer.Status}");
        }, cases: 6);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Ten_thousand_levels_of_nesting_are_a_400_problem(string routeName)
    {
        var route = BodyRoute.All.Single(r => r.Name == routeName);
        var callers = new Callers(factory, route.Caller);
        await HostileRun.ForEachCaseAsync(output, "nesting-" + route.Name, async (gen, replay) =>
        {
            var nested = gen.Nested(10_000, balanced: gen.Chance(0.5));
            var field = gen.Pick(route.Fields);
            var body = gen.Next(3) switch
            {
                0 => nested,
                1 => "{\"" + field.Name + "\":" + nested + "}",
                _ => "{\"userId\":\"a\",\"type\":\"system\",\"data\":" + nested + ",\"notification\":{\"type\":\"system\",\"data\":" + nested + "}}",
            };
            var request = HostileProbe.Request(new HttpMethod(route.Method), route.Path, Encoding.UTF8.GetBytes(body), "application/json", gen.Chance(0.5));
            var answer = await HostileProbe.SendAsync(callers.Next(), request, replay, body);
            Assert.True(answer.Status == 400, "not a 400 " + replay.Describe(body) + $" -> {answer.Status}");
        }, cases: 6);
    }

    private static byte[] Padded(string json, int size)
    {
        var body = new byte[size];
        body.AsSpan().Fill((byte)' ');
        Encoding.UTF8.GetBytes(json).CopyTo(body, 0);
        return body;
    }

    private static byte[] HugeString(int size)
    {
        var body = new byte[size];
        body.AsSpan().Fill((byte)'x');
        "{\"title\":\""u8.CopyTo(body);
        "\"}"u8.CopyTo(body.AsSpan(size - 2));
        return body;
    }

    /// <summary>Clients of the route's caller kind; end users and admins are renewed before their rate limit.</summary>
    internal sealed class Callers(NotificationsApiFactory factory, string kind)
    {
        private HttpClient? _current;
        private int _used;

        public HttpClient Next()
        {
            if (_current is null || (kind is "user" or "admin" && ++_used % RequestsPerUser == 0))
            {
                _current = kind switch
                {
                    "service" => factory.ClientFor(NotificationsApiFactory.NewUserId("hostile-producer"), Roles.Service),
                    "admin" => factory.ClientFor(NotificationsApiFactory.NewUserId("hostile-admin"), Roles.Admin),
                    "user" => factory.ClientFor(NotificationsApiFactory.NewUserId("hostile-user")),
                    _ => factory.ClientFor(null),
                };
            }

            return _current;
        }
    }
}
