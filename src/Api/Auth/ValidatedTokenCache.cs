using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Notifications.Api.Auth;

/// <summary>
/// The principals of tokens that passed full validation, each kept until its token expires, so
/// that a producer sending the same token thousands of times a second has it validated once.
/// </summary>
/// <remarks>
/// <para>Validating an HS256 token (decode, HMAC, JSON payload, claims, and our own <c>sub</c> check)
/// allocated about a fifth of a single create's bytes. The key is the whole token, signature
/// included: a token that differs in any character is a miss and is validated in full. An entry
/// is served only while the token itself would still pass the lifetime check (<c>exp</c> plus the
/// clock skew); the signing key, issuer and audience are fixed for the life of the process.</para>
/// <para>Bounded: at most <see cref="Capacity"/> tokens; beyond that, new tokens are simply validated
/// every time. Principals are shared by the requests of a token and never modified.</para>
/// </remarks>
public sealed class ValidatedTokenCache : IDisposable
{
    public const int Capacity = 50_000;

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = Capacity });
    private readonly TimeProvider _time;
    private readonly TimeSpan _clockSkew;

    public ValidatedTokenCache(TimeProvider time, IOptions<AuthOptions> auth)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(auth);
        _time = time;
        _clockSkew = auth.Value.ClockSkew;
    }

    public bool TryGet(string token, [NotNullWhen(true)] out ClaimsPrincipal? principal)
    {
        if (_entries.TryGetValue(token, out Entry? entry) && entry is not null && _time.GetUtcNow() <= entry.NotAfter)
        {
            principal = entry.Principal;
            return true;
        }

        principal = null;
        return false;
    }

    /// <summary>Remembers a token that has just passed every check; <paramref name="validTo"/> is its <c>exp</c>.</summary>
    public void Add(string token, ClaimsPrincipal principal, DateTime validTo)
    {
        var notAfter = new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc)) + _clockSkew;
        var left = notAfter - _time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            return;
        }

        // The cache's own clock only evicts; TryGet decides validity by the injected clock.
        _entries.Set(token, new Entry(principal, notAfter), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = left });
    }

    public void Dispose() => _entries.Dispose();

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset NotAfter);
}
