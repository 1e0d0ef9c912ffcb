namespace Notifications.ServiceDefaults;

/// <summary>
/// The Orleans Dashboard of a silo started from src/Silo (configuration section <c>Dashboard</c>).
/// Off unless <see cref="Port"/> is set; it has no authentication of its own, so it listens on a
/// port of its own, on loopback unless <see cref="Host"/> says otherwise.
/// </summary>
public sealed class SiloDashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>The port the dashboard listens on; unset: no dashboard.</summary>
    public int? Port { get; set; }

    /// <summary>The address it listens on (<c>+</c> or <c>0.0.0.0</c> for every interface, e.g. inside a container).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The path it is served at, on <see cref="Port"/> only.</summary>
    public string Path { get; set; } = "/dashboard";
}
