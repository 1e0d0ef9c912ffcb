namespace Notifications.Api.Validation;

/// <summary>The error messages of the readers: short sentences a producer's developer can act on.</summary>
internal static class Messages
{
    public const string Required = "A value is required.";
    public const string String = "Must be a string.";
    public const string Object = "Must be a JSON object.";
    public const string Array = "Must be a JSON array.";
    public const string Boolean = "Must be true or false.";
    public const string InvalidText = "Must be valid Unicode text (no unpaired surrogate).";
    public const string UserId = "Must be 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'.";
    public const string ReferenceId = "Must be 1 to 128 characters of A-Z, a-z, 0-9, '_', '.', ':', '@' and '-'.";
    public const string Type =
        "Must be one of new_message, message_reply, user_mentioned, message_reaction, contact_request, contact_accepted, "
        + "new_conversation_direct, new_conversation_group, member_joined, missed_call, system.";
    public const string Priority = "Must be one of low, normal, high, urgent.";
    public const string NoNul = "Must not contain the character U+0000.";
    public const string Url = "Must be an absolute http or https URL of at most 2048 characters.";
    public const string Time = "Must be a time HH:mm (24 h), from 00:00 to 23:59.";
    public const string TimeZone = "Must be a known IANA time zone, e.g. Europe/Paris.";
    public const string Future = "Must be in the future.";
    public const string Seq = "Must be an integer from 0 to 9223372036854775807, written without a sign, a fraction or an exponent.";
    public const string ActionId = "Must be 1 to 32 characters of A-Z, a-z, 0-9, '_' and '-'.";

    public static string AtMostDaysAhead(int days) => $"Must be at most {days} days ahead.";

    public static string Length(int min, int max) => min switch
    {
        0 => $"Must be at most {max} characters long.",
        _ => $"Must be {min} to {max} characters long.",
    };
}
