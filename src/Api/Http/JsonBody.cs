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

    /// <summary>The parsed body, null for an empty body, or the error to answer.</summary>
    public static async Task<(JsonDocument? Document, IResult? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
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

                var read = await request.Body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, MaxBytes + 1) - length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > MaxBytes)
                {
                    return (null, TooLarge());
                }
            }

            if (length == 0)
            {
                return (null, null);
            }

            // JsonDocument keeps a reference to the memory it parses: give it its own copy, not the pooled buffer.
            return (JsonDocument.Parse(buffer.AsSpan(0, length).ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth }), null);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        catch (JsonException)
        {
            return (null, Invalid("The body is not valid JSON (or is nested too deeply)."));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads a body that must be a JSON object.</summary>
    public static async Task<(JsonDocument? Document, IResult? Error)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (document, error) = await ReadAsync(request, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }

        if (document is null || document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document?.Dispose();
            return (null, Invalid("The body must be a JSON object."));
        }

        return (document, null);
    }

    /// <summary>Reads a JSON object body and turns it into a request with <paramref name="read"/>; field errors become a 400.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadObjectAsync<T>(
        HttpRequest request, Func<JsonElement, ReadResult<T>> read, CancellationToken cancellationToken)
    {
        var (document, error) = await ReadObjectAsync(request, cancellationToken);
        if (error is not null)
        {
            return (default, error);
        }

        // The readers copy what they keep (strings, raw data text), so the document can go now.
        using (document)
        {
            var result = read(document!.RootElement);
            return result.IsValid ? (result.Value, null) : (default, TypedResults.ValidationProblem(result.Errors!.ToDictionary()));
        }
    }

    public static ValidationProblem Invalid(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [message] });

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"The body is larger than {MaxBytes} bytes.");
}
