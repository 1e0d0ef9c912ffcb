using System.Net;
using System.Net.Http.Headers;
using Notifications.Api.Tests.Infrastructure;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Contract;

/// <summary>API.md, Authentication: tokens, claims, roles and the Development-only <c>/dev/token</c>.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuthenticationTests(NotificationsApiFactory factory)
{
    public static TheoryData<string, string> InvalidTokens()
    {
        var sub = new Dictionary<string, object> { ["sub"] = "alice" };
        var header = Base64Url("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64Url($$"""{"sub":"alice","iss":"notifications","aud":"notifications","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""");
        return new TheoryData<string, string>
        {
            { "malformed", "not-a-jwt" },
            { "three garbage parts", "a.b.c" },
            { "wrong signature", Mint(sub, key: "another-signing-key-of-at-least-32-bytes-0123456789") },
            { "wrong issuer", Mint(sub, issuer: "someone-else") },
            { "wrong audience", Mint(sub, audience: "someone-else") },
            { "expired 6 min ago", Mint(sub, expires: DateTime.UtcNow.AddMinutes(-6)) },
            { "expired 1 h ago", Mint(sub, expires: DateTime.UtcNow.AddHours(-1)) },
            { "alg none with empty signature", $"{header}.{payload}." },
            { "alg none without signature", $"{header}.{payload}" },
            { "sub number", Mint(new Dictionary<string, object> { ["sub"] = 42 }) },
            { "sub array of two", Mint(new Dictionary<string, object> { ["sub"] = new[] { "alice", "bob" } }) },
            { "sub array of one", Mint(new Dictionary<string, object> { ["sub"] = new[] { "alice" } }) },
            { "sub with a space", Mint(new Dictionary<string, object> { ["sub"] = "a b" }) },
            { "sub of 65 chars", Mint(new Dictionary<string, object> { ["sub"] = new string('a', 65) }) },
            { "sub empty", Mint(new Dictionary<string, object> { ["sub"] = "" }) },
            { "sub with slash", Mint(new Dictionary<string, object> { ["sub"] = "alice/../bob" }) },
            { "no sub", Mint(new Dictionary<string, object> { ["role"] = "service" }) },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public async Task An_invalid_token_is_a_401_problem_on_every_api_route(string why, string token)
    {
        Assert.NotEmpty(why);
        using var client = factory.WithToken(token);

        await (await client.GetPathAsync("api/notifications")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.GetPathAsync("api/notifications/counts")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PostCreateAsync(new { userId = "alice", type = "system" })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task No_token_or_a_non_bearer_scheme_is_a_401_problem()
    {
        using var anonymous = factory.ClientFor(null);
        await (await anonymous.GetPathAsync("api/notifications")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetPathAsync("api/notifications/preferences")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostCreateAsync(new { userId = "alice", type = "system" })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync("api/admin/broadcast", Json(new { userIds = new[] { "alice" }, title = "t", content = "c" }), Ct))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);

        using var basic = factory.ClientFor(null);
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "YWxpY2U6c2VjcmV0");
        await (await basic.GetPathAsync("api/notifications")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_hand_made_valid_token_works_and_its_sub_is_the_caller()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var client = factory.WithToken(Mint(new Dictionary<string, object> { ["sub"] = userId }));
        using var producer = factory.Producer();
        await producer.CreateAsync(userId);

        var page = await client.ListAsync();
        Assert.Equal(userId, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("userId").GetString());
    }

    [Fact]
    public async Task A_token_accepted_before_does_not_vouch_for_a_copy_with_another_signature_or_role()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var token = Mint(new Dictionary<string, object> { ["sub"] = userId });
        using var client = factory.WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetPathAsync("api/notifications/counts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetPathAsync("api/notifications/counts")).StatusCode);

        // Same header and payload, the first signature character changed (the last one holds padding bits).
        var signatureStart = token.LastIndexOf('.') + 1;
        var changed = token[signatureStart] == 'A' ? 'B' : 'A';
        using var tampered = factory.WithToken(token[..signatureStart] + changed + token[(signatureStart + 1)..]);
        await (await tampered.GetPathAsync("api/notifications/counts")).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        // Same signature on a payload that claims a role.
        var parts = token.Split('.');
        var elevated = $"{parts[0]}.{Base64Url($$"""{"sub":"{{userId}}","role":"service","iss":"notifications","aud":"notifications","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""")}.{parts[2]}";
        using var forged = factory.WithToken(elevated);
        await (await forged.PostCreateAsync(new { userId, type = "system" })).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Role_as_a_single_string_or_as_an_array_grants_it()
    {
        var recipient = NotificationsApiFactory.NewUserId();
        using var single = factory.WithToken(Mint(new Dictionary<string, object> { ["sub"] = NotificationsApiFactory.NewUserId("svc"), ["role"] = "service" }));
        using var array = factory.WithToken(Mint(new Dictionary<string, object>
        {
            ["sub"] = NotificationsApiFactory.NewUserId("svc"),
            ["role"] = new[] { "service", "admin" },
        }));
        using var adminOnly = factory.WithToken(Mint(new Dictionary<string, object> { ["sub"] = NotificationsApiFactory.NewUserId("adm"), ["role"] = "admin" }));

        await single.CreatedAsync(new { userId = recipient, type = "system" });
        await array.CreatedAsync(new { userId = recipient, type = "system" });
        await (await array.PostAsync("api/admin/broadcast", Json(new { userIds = new[] { recipient }, title = "t", content = "c" }), Ct))
            .ExpectAsync(HttpStatusCode.OK);
        await (await adminOnly.PostAsync("api/admin/broadcast", Json(new { userIds = new[] { recipient }, title = "t", content = "c" }), Ct))
            .ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Callers_without_the_role_get_a_403_problem_and_nothing_is_created()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var endUser = factory.ClientFor(userId);
        using var admin = factory.ClientFor(NotificationsApiFactory.NewUserId("adm"), "admin");
        using var service = factory.Producer();

        await (await endUser.PostCreateAsync(new { userId, type = "system" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await endUser.PostAsync("api/notifications/batch", Json(new { userIds = new[] { userId }, notification = new { type = "system" } }), Ct))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.PostCreateAsync(new { userId, type = "system" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await endUser.PostAsync("api/admin/broadcast", Json(new { userIds = new[] { userId }, title = "t", content = "c" }), Ct))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await service.PostAsync("api/admin/broadcast", Json(new { userIds = new[] { userId }, title = "t", content = "c" }), Ct))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);

        await endUser.AssertEmptyInboxAsync();
    }

    [Fact]
    public async Task Dev_token_answers_200_with_a_working_token()
    {
        var producerId = NotificationsApiFactory.NewUserId("svc");
        var recipient = NotificationsApiFactory.NewUserId();
        using var anonymous = factory.ClientFor(null);

        var body = await (await anonymous.PostAsync("dev/token", Json(new { userId = producerId, roles = new[] { "service" } }), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["token"], body.EnumerateObject().Select(p => p.Name));
        using var producer = factory.WithToken(body.GetProperty("token").GetString()!);
        await producer.CreatedAsync(new { userId = recipient, type = "system" });

        var plain = await (await anonymous.PostAsync("dev/token", Json(new { userId = recipient }), Ct)).ExpectAsync(HttpStatusCode.OK);
        using var user = factory.WithToken(plain.GetProperty("token").GetString()!);
        Assert.Equal(1, (await user.CountsAsync()).GetProperty("total").GetInt32());
        await (await user.PostCreateAsync(new { userId = recipient, type = "system" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("""{"userId":"a b"}""")]
    [InlineData("""{"userId":""}""")]
    [InlineData("""{"userId":42}""")]
    [InlineData("""{"roles":["service"]}""")]
    [InlineData("""{"userId":"\udc00"}""")]
    [InlineData("""{"userId":"ab\ud800"}""")]
    [InlineData("""{"userId":"a\u0000"}""")]
    public async Task Dev_token_with_an_invalid_user_id_is_a_400(string body)
    {
        using var anonymous = factory.ClientFor(null);
        await (await anonymous.PostAsync("dev/token", Json(body), Ct)).ExpectValidationAsync("userId");
    }

    [Theory]
    [InlineData("""{"userId":"alice","\udfff\ud800":1}""")]
    [InlineData("""{"\ud800":{"a":1},"userId":"alice","roles":["service"],"\udc00x":[]}""")]
    public async Task Dev_token_ignores_an_unknown_property_whose_name_is_a_lone_surrogate(string body)
    {
        // Found by the hostile suite (HOSTILE_SEED=20261203, body-dev-token case #22): it was a 500.
        using var anonymous = factory.ClientFor(null);
        var answer = await (await anonymous.PostAsync("dev/token", Json(body), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(answer.GetProperty("token").GetString()!.Length > 0);
    }

    [Fact]
    public async Task Dev_token_with_a_repeated_user_id_is_a_400()
    {
        using var anonymous = factory.ClientFor(null);
        await (await anonymous.PostAsync("dev/token", Json("""{"userId":"alice","userId":"admin"}"""), Ct)).ExpectValidationAsync("userId");
    }

    [Theory]
    [InlineData("""{"userId":"alice","roles":["\udc00"]}""", "roles[0]")]
    [InlineData("""{"userId":"alice","roles":["service",7]}""", "roles[1]")]
    [InlineData("""{"userId":"alice","roles":"service"}""", "roles")]
    public async Task Dev_token_with_invalid_roles_is_a_400_naming_the_role(string body, string field)
    {
        using var anonymous = factory.ClientFor(null);
        await (await anonymous.PostAsync("dev/token", Json(body), Ct)).ExpectValidationAsync(field);
    }
}

/// <summary>The service in the Production environment: no <c>/dev/token</c>.</summary>
public sealed class ProductionApiFixture : IAsyncLifetime
{
    public ConfiguredApiFactory Factory { get; } = new(null, "Production", new Dictionary<string, string?>());

    public async ValueTask InitializeAsync() => await Factory.InitializeAsync();

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}

public sealed class ProductionEnvironmentTests(ProductionApiFixture fixture) : IClassFixture<ProductionApiFixture>
{
    [Fact]
    public async Task Dev_token_does_not_exist_outside_development_and_health_still_answers()
    {
        using var anonymous = fixture.Factory.ClientFor(null);

        await (await anonymous.PostAsync("dev/token", Json(new { userId = "alice", roles = new[] { "service" } }), Ct))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.GetPathAsync("health/live")).ExpectAsync(HttpStatusCode.OK);

        // The configured key still works for real tokens.
        var userId = NotificationsApiFactory.NewUserId();
        using var user = fixture.Factory.ClientFor(userId);
        await user.AssertEmptyInboxAsync();
    }
}
