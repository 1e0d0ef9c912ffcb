using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Notifications.Api.Tests.Contract;
using Notifications.Api.Tests.Infrastructure;
using Notifications.Api.Validation;

namespace Notifications.Api.Tests.Auth;

/// <summary>
/// Signing-key rotation without downtime: while the previous key is listed in
/// <c>Auth:ValidationKeys</c>, tokens and list cursors made with it are still accepted and the new
/// key signs; once it is removed they are refused. Only HS256 is accepted, whatever the key.
/// </summary>
public sealed class KeyRotationTests : IAsyncLifetime
{
    private const string PreviousKey = "previous-signing-key-0123456789-0123456789";
    private const string CurrentKey = "current-signing-key-0123456789-0123456789-x";

    /// <summary>A listed key long enough for HS384 and HS512, so that only the algorithm can refuse those.</summary>
    private const string LongKey = "a-long-validation-key-0123456789-0123456789-0123456789-0123456789";

    private readonly ConfiguredApiFactory _during = new(null, "Development", new Dictionary<string, string?>
    {
        ["Auth:SigningKey"] = CurrentKey,
        ["Auth:ValidationKeys:0"] = PreviousKey,
        ["Auth:ValidationKeys:1"] = LongKey,
    });

    private readonly ConfiguredApiFactory _after = new(null, "Development", new Dictionary<string, string?>
    {
        ["Auth:SigningKey"] = CurrentKey,
    });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _during.InitializeAsync();
        await _after.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _during.DisposeAsync();
        await _after.DisposeAsync();
    }

    [Fact]
    public async Task A_token_signed_with_the_previous_key_is_accepted_while_it_is_listed_and_refused_after()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var previous = ContractKit.Mint(new Dictionary<string, object> { ["sub"] = userId }, key: PreviousKey);
        var current = ContractKit.Mint(new Dictionary<string, object> { ["sub"] = userId }, key: CurrentKey);

        using (var duringPrevious = _during.WithToken(previous))
        using (var duringCurrent = _during.WithToken(current))
        {
            await (await duringPrevious.GetAsync("api/notifications/counts", Ct)).ExpectAsync(HttpStatusCode.OK);
            await (await duringCurrent.GetAsync("api/notifications/counts", Ct)).ExpectAsync(HttpStatusCode.OK);
        }

        using (var afterPrevious = _after.WithToken(previous))
        using (var afterCurrent = _after.WithToken(current))
        {
            await (await afterPrevious.GetAsync("api/notifications/counts", Ct)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
            await (await afterCurrent.GetAsync("api/notifications/counts", Ct)).ExpectAsync(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task The_current_key_signs_during_a_rotation()
    {
        using var anonymous = _during.ClientFor(null);
        var body = await (await anonymous.PostAsync("dev/token", new StringContent("""{"userId":"rotating"}""", Encoding.UTF8, "application/json"), Ct)).ExpectAsync(HttpStatusCode.OK);
        var token = body.GetProperty("token").GetString()!;

        Assert.True((await Validate(token, CurrentKey)).IsValid);
        Assert.False((await Validate(token, PreviousKey)).IsValid);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.HmacSha256, HttpStatusCode.OK)]
    [InlineData(SecurityAlgorithms.HmacSha384, HttpStatusCode.Unauthorized)]
    [InlineData(SecurityAlgorithms.HmacSha512, HttpStatusCode.Unauthorized)]
    public async Task Only_hs256_is_accepted_even_with_a_listed_key(string algorithm, HttpStatusCode expected)
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "notifications",
            Audience = "notifications",
            Claims = new Dictionary<string, object> { ["sub"] = NotificationsApiFactory.NewUserId() },
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(LongKey)), algorithm),
        });

        using var client = _during.WithToken(token);
        var response = await client.GetAsync("api/notifications/counts", Ct);
        if (expected == HttpStatusCode.OK)
        {
            await response.ExpectAsync(expected);
        }
        else
        {
            await response.ExpectProblemAsync(expected);
        }
    }

    [Fact]
    public async Task A_list_cursor_made_with_the_previous_key_still_pages_while_it_is_listed()
    {
        var userId = NotificationsApiFactory.NewUserId();
        var cursor = Uri.EscapeDataString(CursorOf(PreviousKey).Encode(userId, 5));

        using var during = _during.ClientFor(userId);
        using var after = _after.ClientFor(userId);
        await (await during.GetAsync($"api/notifications?cursor={cursor}", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await after.GetAsync($"api/notifications?cursor={cursor}", Ct)).ExpectValidationAsync("cursor");
    }

    /// <summary>The codec a node whose signing key is <paramref name="signingKey"/> uses (the service derives its cursor key so).</summary>
    private static CursorCodec CursorOf(string signingKey) =>
        new(HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(signingKey), 32, salt: [], info: "notifications-cursor"u8.ToArray()));

    private static Task<TokenValidationResult> Validate(string token, string key) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "notifications",
            ValidAudience = "notifications",
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)),
        });
}
