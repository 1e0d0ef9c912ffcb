using System.Security.Cryptography;
using System.Text;

namespace Notifications.Grains.Domain;

/// <summary>
/// A short, stable pseudonym of a user id for logs (SPEC §8: logs never carry raw user ids):
/// the same user always hashes the same, so log lines can still be correlated.
/// </summary>
public static class UserIdHash
{
    public static string Of(string userId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId)).AsSpan(0, 8));
}
