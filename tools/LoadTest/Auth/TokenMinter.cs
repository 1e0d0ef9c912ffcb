using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Notifications.LoadTest.Auth;

/// <summary>
/// Mints HS256 tokens locally with the service's key, as the contract describes them (sub, role,
/// iss, aud, exp), so a run with thousands of users does not depend on <c>/dev/token</c>
/// (Development only) nor pay a request per user.
/// </summary>
public sealed class TokenMinter(string signingKey, string issuer, string audience)
{
    /// <summary>Long enough for any bounded run; the service accepts any lifetime.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(6);

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials =
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256);

    public string Mint(string userId, params string[] roles)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["sub"] = userId };
        if (roles.Length > 0)
        {
            claims["role"] = roles;
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1), // tolerate a little clock difference with a remote node
            Expires = now + Lifetime,
            SigningCredentials = _credentials,
        });
    }
}
