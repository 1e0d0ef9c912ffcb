using Notifications.Grains.Domain;

namespace Notifications.Api.Http;

/// <summary>
/// Admin actions, written to the log category <c>Notifications.Audit</c>. User ids are hashed
/// (SPEC §8: logs never carry raw user ids or content).
/// </summary>
public sealed partial class AuditLog(ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("Notifications.Audit");

    public void Broadcast(string adminId, int recipients, int created) =>
        LogInformationBroadcast(_logger, UserIdHash.Of(adminId), recipients, created);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: admin {AdminHash} broadcast to {Recipients} users, {Created} created")]
    private static partial void LogInformationBroadcast(ILogger logger, string adminHash, int recipients, int created);
}
