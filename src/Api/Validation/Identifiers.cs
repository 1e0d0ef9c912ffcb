using System.Buffers;

namespace Notifications.Api.Validation;

/// <summary>The id formats of API.md, Conventions.</summary>
public static class Identifiers
{
    public const int MaxUserIdLength = UserIds.MaxLength;
    public const int MaxReferenceIdLength = 128;
    public const int MaxActionIdLength = 32;

    /// <summary><see cref="IsUserId"/> as a regular expression, for the OpenAPI document.</summary>
    public const string UserIdPattern = UserIds.Pattern;

    /// <summary><see cref="IsReferenceId"/> as a regular expression, for the OpenAPI document.</summary>
    public const string ReferenceIdPattern = "^[A-Za-z0-9_.:@-]{1,128}$";

    /// <summary><see cref="IsActionId"/> as a regular expression, for the OpenAPI document.</summary>
    public const string ActionIdPattern = "^[A-Za-z0-9_-]{1,32}$";

    private static readonly SearchValues<char> ActionIdChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    private static readonly SearchValues<char> ReferenceIdChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:@-");

    /// <summary>1–64 characters of <c>[A-Za-z0-9_-]</c>: <c>userId</c>, <c>userIds[]</c>, <c>senderId</c>, a token's <c>sub</c>.</summary>
    public static bool IsUserId(string? value) => UserIds.IsValid(value);

    /// <summary>1–128 characters of <c>[A-Za-z0-9_.:@-]</c>: conversation, message and call session ids.</summary>
    public static bool IsReferenceId(string? value) =>
        value is { Length: > 0 and <= MaxReferenceIdLength } && !value.AsSpan().ContainsAnyExcept(ReferenceIdChars);

    /// <summary>1–32 characters of <c>[A-Za-z0-9_-]</c>: the id of a notification's action.</summary>
    public static bool IsActionId(string? value) =>
        value is { Length: > 0 and <= MaxActionIdLength } && !value.AsSpan().ContainsAnyExcept(ActionIdChars);
}
