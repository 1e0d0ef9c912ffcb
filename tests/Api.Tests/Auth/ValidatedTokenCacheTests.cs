using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Notifications.Api.Auth;

namespace Notifications.Api.Tests.Auth;

public sealed class ValidatedTokenCacheTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly ValidatedTokenCache _cache;
    private readonly ClaimsPrincipal _principal = new(new ClaimsIdentity([new Claim("sub", "alice")], "test"));

    public ValidatedTokenCacheTests() =>
        _cache = new ValidatedTokenCache(_time, Options.Create(new AuthOptions { ClockSkew = TimeSpan.FromSeconds(30) }));

    public void Dispose() => _cache.Dispose();

    [Fact]
    public void A_token_is_served_until_its_expiry_plus_the_clock_skew_and_not_after()
    {
        _cache.Add("token", _principal, Now.AddMinutes(1).UtcDateTime);

        Assert.True(_cache.TryGet("token", out var principal));
        Assert.Same(_principal, principal);

        _time.Advance(TimeSpan.FromSeconds(90));
        Assert.True(_cache.TryGet("token", out _));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(_cache.TryGet("token", out _));
    }

    [Fact]
    public void Another_token_string_is_a_miss()
    {
        _cache.Add("token", _principal, Now.AddHours(1).UtcDateTime);

        Assert.False(_cache.TryGet("token ", out _));
        Assert.False(_cache.TryGet("Token", out _));
    }

    [Fact]
    public void A_token_already_past_its_expiry_and_skew_is_not_kept()
    {
        _cache.Add("token", _principal, Now.AddMinutes(-1).UtcDateTime);

        Assert.False(_cache.TryGet("token", out _));
    }
}
