using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Notifications.Api.Validation;

namespace Notifications.Api.Http;

/// <summary>
/// Reads a request body as one JSON document, enforcing the contract's 1 MB exactly for
/// Content-Length and chunked bodies alike (Kestrel's own limit sits above it as a backstop).
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 1_048_576;

    /// <summary>Deep enough for every valid request (data's 32 levels inside the batch envelope).</summary>
    private const int MaxDepth = 128;

    /// <summary>
    /// Reads the body and turns it into a request with <paramref name="read"/>, which gets the root
    /// element, or null for an empty body; field errors become a 400. The document parses the
    /// pooled bytes in place, so the body exists once; the readers copy what they keep (strings,
    /// raw data text) before the buffer goes back to the pool.
    /// </summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(
        HttpRequest request, Func<JsonElement?, ReadResult<T>> read, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (default, TooLarge());
        }

        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var received = await request.Body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, MaxBytes + 1) - length), cancellationToken);
                if (received == 0)
                {
                    break;
                }

                length += received;
                if (length > MaxBytes)
                {
                    return (default, TooLarge());
                }
            }

            if (length == 0)
            {
                return Answer(read(null));
            }

            using var document = JsonDocument.Parse(buffer.AsMemory(0, length), new JsonDocumentOptions { MaxDepth = MaxDepth });
            return Answer(read(document.RootElement));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, TooLarge());
        }
        catch (JsonException)
        {
            return (default, Invalid("The body is not valid JSON (or is nested too deeply)."));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Like <see cref="ReadAsync{T}"/> for a body that is required; the reader checks that it is an object.</summary>
    public static Task<(T? Value, IResult? Error)> ReadObjectAsync<T>(
        HttpRequest request, Func<JsonElement, ReadResult<T>> read, CancellationToken cancellationToken) =>
        ReadAsync(request, body => body is { } root ? read(root) : ReadResult<T>.Invalid(EmptyBody()), cancellationToken);

    private static (T? Value, IResult? Error) Answer<T>(ReadResult<T> result) =>
        result.IsValid ? (result.Value, null) : (default, TypedResults.ValidationProblem(result.Errors!.ToDictionary()));

    private static ValidationErrors EmptyBody()
    {
        var errors = new ValidationErrors();
        errors.Add("body", "The body must be a JSON object.");
        return errors;
    }

    public static ValidationProblem Invalid(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [message] });

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"The body is larger than {MaxBytes} bytes.");
}
