using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Notifications.Api.Tests.Infrastructure;
using Notifications.Token;
using static Notifications.Api.Tests.Contract.ContractKit;

namespace Notifications.Api.Tests.Tools;

/// <summary>
/// tools/Token mints what the Api accepts where <c>/dev/token</c> does not exist: the Api runs in
/// Production here, with the key given to both the way an operator gives it (<c>Auth__SigningKey</c>).
/// </summary>
public sealed class TokenToolTests : IAsyncLifetime
{
    private readonly ConfiguredApiFactory _api = new(null, "Production", new Dictionary<string, string?>());

    public ValueTask InitializeAsync() => _api.InitializeAsync();

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Tokens_it_mints_are_accepted_by_the_Api_outside_Development()
    {
        var userId = NotificationsApiFactory.NewUserId();
        using var producer = ClientWith(Mint(NotificationsApiFactory.SigningKey, "--user", "chat-backend", "--role", "service"));
        using var user = ClientWith(Mint(NotificationsApiFactory.SigningKey, "--user", userId, "--lifetime", "00:10:00"));

        await (await producer.PostCreateAsync(new { userId, type = "system", title = "Maintenance", content = "tonight" })).ExpectAsync(HttpStatusCode.Created);
        var counts = await (await user.GetAsync("api/notifications/counts", TestContext.Current.CancellationToken)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(1, counts.GetProperty("total").GetInt32());
        using var anonymous = new HttpClient { BaseAddress = _api.BaseAddress };
        var devToken = await anonymous.PostJsonAsync("dev/token", new { userId });
        Assert.Equal(HttpStatusCode.NotFound, devToken.StatusCode);
    }

    [Fact]
    public async Task The_Api_refuses_tokens_minted_with_another_key_and_a_user_token_cannot_create()
    {
        using var stranger = ClientWith(Mint("another-signing-key-0123456789-0123456789", "--user", "mallory", "--role", "service"));
        using var user = ClientWith(Mint(NotificationsApiFactory.SigningKey, "--user", "alice"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("api/notifications/counts", TestContext.Current.CancellationToken)).StatusCode);
        var create = await user.PostCreateAsync(new { userId = "alice", type = "system", title = "t", content = "c" });
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Theory]
    [InlineData("short-key", "--user", "alice")]
    [InlineData(NotificationsApiFactory.SigningKey, "--user", "not a user id")]
    [InlineData(NotificationsApiFactory.SigningKey, "--user", "alice", "--role", "root")]
    [InlineData(NotificationsApiFactory.SigningKey, "--user", "alice", "--lifetime", "-00:01:00")]
    [InlineData(NotificationsApiFactory.SigningKey, "--role", "service")]
    [InlineData(NotificationsApiFactory.SigningKey, "--user")]
    public void Bad_settings_or_arguments_print_no_token_and_exit_2(string key, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = TokenCommand.Run(args, Environment(key), output, error);

        Assert.Equal(TokenCommand.UsageError, exit);
        Assert.Equal("", output.ToString());
        Assert.StartsWith("error: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Issuer_and_audience_come_from_the_same_settings_as_the_Api()
    {
        var settings = Path.Combine(_api.DatabaseDirectory, "appsettings.json");
        File.WriteAllText(settings, """{ "Auth": { "Issuer": "elsewhere", "Audience": "others" } }""");
        using var output = new StringWriter();

        var exit = TokenCommand.Run(["--user", "alice", "--settings", settings], Environment(NotificationsApiFactory.SigningKey), output, TextWriter.Null);

        Assert.Equal(TokenCommand.Success, exit);
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(output.ToString().Trim());
        Assert.Equal("elsewhere", token.Issuer);
        Assert.Equal(["others"], token.Audiences);
        Assert.Equal("alice", token.Subject);
    }

    private static IConfiguration Environment(string signingKey) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = signingKey }).Build();

    private static string Mint(string signingKey, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = TokenCommand.Run(args, Environment(signingKey), output, error);
        Assert.True(exit == TokenCommand.Success, error.ToString());
        var lines = output.ToString().Split(System.Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        return Assert.Single(lines);
    }

    private HttpClient ClientWith(string token)
    {
        var client = new HttpClient { BaseAddress = _api.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
