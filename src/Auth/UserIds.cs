using System.Buffers;

namespace Notifications.Auth;

/// <summary>
/// The user id format of API.md, Conventions: 1–64 characters of <c>[A-Za-z0-9_-]</c>. A token's
/// <c>sub</c> must be one; the Api applies the same rule to <c>userId</c>, <c>userIds[]</c> and
/// <c>senderId</c> (<c>Identifiers.IsUserId</c>).
/// </summary>
public static class UserIds
{
    public const int MaxLength = 64;

    /// <summary><see cref="IsValid"/> as a regular expression, for the OpenAPI document.</summary>
    public const string Pattern = "^[A-Za-z0-9_-]{1,64}$";

    private static readonly SearchValues<char> Chars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxLength } && !value.AsSpan().ContainsAnyExcept(Chars);
}
