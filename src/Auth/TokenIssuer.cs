using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Notifications.Auth;

/// <summary>Mints HS256 tokens with the configured key (for <c>/dev/token</c>, tools/Token and tests).</summary>
public sealed class TokenIssuer(IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public string Issue(string userId, IEnumerable<string> roles, TimeSpan? lifetime = null)
    {
        var auth = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object> { [Roles.SubjectClaim] = userId };
        var roleList = roles.Distinct(StringComparer.Ordinal).ToArray();
        if (roleList.Length > 0)
        {
            claims[Roles.RoleClaim] = roleList;
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? auth.DevTokenLifetime),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(auth.SigningKeyBytes), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The user id of an authenticated principal (the <c>sub</c> claim, checked at sign-in).</summary>
    public static string UserIdOf(ClaimsPrincipal principal) =>
        principal.FindFirst(Roles.SubjectClaim)?.Value ?? throw new InvalidOperationException("The caller has no sub claim.");
}
