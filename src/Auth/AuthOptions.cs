using System.Text;

namespace Notifications.Api.Auth;

/// <summary>JWT settings (configuration section <c>Auth</c>; environment <c>Auth__SigningKey</c> etc.).</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The HS256 key, at least 32 bytes of UTF-8. Required outside Development.</summary>
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "notifications";

    public string Audience { get; set; } = "notifications";

    /// <summary>Clock skew allowed on <c>exp</c> (API.md: at most 5 minutes).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Lifetime of tokens minted by <c>POST /dev/token</c>.</summary>
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    public byte[] SigningKeyBytes => Encoding.UTF8.GetBytes(SigningKey);
}
