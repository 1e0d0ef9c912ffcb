namespace Notifications.Auth;

public static class Roles
{
    /// <summary>Producers: may create notifications.</summary>
    public const string Service = "service";

    /// <summary>May broadcast.</summary>
    public const string Admin = "admin";

    /// <summary>JWT claim names (inbound claim mapping is off, so they stay as sent).</summary>
    public const string RoleClaim = "role";
    public const string SubjectClaim = "sub";
}
