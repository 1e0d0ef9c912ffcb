using System.Security.Cryptography;
using System.Text;

namespace Notifications.Api.Http;

/// <summary>
/// Admin actions, written to the log category <c>Notifications.Audit</c>. User ids are hashed
/// (SPEC §8: logs never carry raw user ids or content).
/// </summary>
public sealed partial class AuditLog(ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("Notifications.Audit");

    public void Broadcast(string adminId, int recipients, int created) =>
        LogInformationBroadcast(_logger, Hash(adminId), recipients, created);

    /// <summary>A short, stable pseudonym of a user id for logs.</summary>
    public static string Hash(string userId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId)).AsSpan(0, 8));

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: admin {AdminHash} broadcast to {Recipients} users, {Created} created")]
    private static partial void LogInformationBroadcast(ILogger logger, string adminHash, int recipients, int created);
}
