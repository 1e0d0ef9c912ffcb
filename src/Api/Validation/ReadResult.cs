namespace Notifications.Api.Validation;

/// <summary>Either a value read from a request or the field errors that make it a 400.</summary>
public readonly record struct ReadResult<T>(T? Value, ValidationErrors? Errors)
{
    public bool IsValid => Errors is null;

    public static ReadResult<T> Valid(T value) => new(value, null);

    public static ReadResult<T> Invalid(ValidationErrors errors) => new(default, errors);

    /// <summary>The value when <paramref name="errors"/> is empty, else the errors.</summary>
    internal static ReadResult<T> From(T? value, ValidationErrors errors) =>
        errors.Any || value is null ? Invalid(errors) : Valid(value);
}
