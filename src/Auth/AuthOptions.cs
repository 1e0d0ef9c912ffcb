using System.Text;
using Microsoft.Extensions.Options;

namespace Notifications.Auth;

/// <summary>JWT settings (configuration section <c>Auth</c>; environment <c>Auth__SigningKey</c> etc.).</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The HS256 key, at least 32 bytes of UTF-8: it signs (<c>/dev/token</c>, tools/Token, list cursors) and validates. Required outside Development.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>
    /// Older HS256 keys that still validate tokens and list cursors, until removed: the middle of a
    /// rotation (README, "Rotating the signing key"). Each at least 32 bytes of UTF-8.
    /// </summary>
    public List<string> ValidationKeys { get; set; } = [];

    public string Issuer { get; set; } = "notifications";

    public string Audience { get; set; } = "notifications";

    /// <summary>Clock skew allowed on <c>exp</c> (API.md: at most 5 minutes).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Lifetime of tokens minted by <c>POST /dev/token</c>, and by tools/Token unless told otherwise.</summary>
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    public byte[] SigningKeyBytes => Encoding.UTF8.GetBytes(SigningKey);

    /// <summary>Every key that validates, the signing key first.</summary>
    public IReadOnlyList<byte[]> ValidatingKeyBytes => [SigningKeyBytes, .. ValidationKeys.Select(Encoding.UTF8.GetBytes)];
}

/// <summary>The rules every process applies to <see cref="AuthOptions"/> before it signs or validates a token.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SigningKeyBytes.Length < 32)
        {
            failures.Add("Auth:SigningKey must be at least 32 bytes (set Auth__SigningKey).");
        }

        if (options.ValidationKeys.Any(key => Encoding.UTF8.GetByteCount(key) < 32))
        {
            failures.Add("Auth:ValidationKeys must each be at least 32 bytes.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
        {
            failures.Add("Auth:ClockSkew must be between 0 and 5 minutes.");
        }

        if (options.DevTokenLifetime <= TimeSpan.Zero)
        {
            failures.Add("Auth:DevTokenLifetime must be positive.");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer) || string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Auth:Issuer and Auth:Audience must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
