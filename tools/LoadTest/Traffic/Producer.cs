using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.LoadTest.Http;
using Notifications.LoadTest.Measure;
using Notifications.LoadTest.Swarm;

namespace Notifications.LoadTest.Traffic;

/// <summary>
/// The producer calls (role <c>service</c>): single creates and batch fan-outs. Every created
/// notification the service acknowledges is handed to the tracker with its recipient.
/// With retries on, each operation carries an idempotency key and a failed attempt (a 5xx or 429
/// answer, a transport error, a timeout) is sent again, with the same key, to the next node: a
/// retry can never create a second notification, and a node that went away is routed around.
/// </summary>
public sealed class Producer(
    ApiClient api,
    RequestBodies bodies,
    RunUsers users,
    string[] producerTokens,
    DeliveryTracker tracker,
    StatusCounter statuses,
    int retries = 0,
    string keyPrefix = "")
{
    /// <summary>Backoff between attempts: 100 ms doubling, at most this (a Retry-After beyond it is not honoured: the next node may be fine).</summary>
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    private long _nextToken = -1;
    private long _nextKey;
    private long _retries;
    private long _retriedAcknowledged;
    private long _gaveUp;

    public ProducerStalls Stalls { get; } = new(producerTokens.Length);

    /// <summary>Attempts after the first, over all operations.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Operations acknowledged only after at least one retry.</summary>
    public long RetriedAcknowledged => Interlocked.Read(ref _retriedAcknowledged);

    /// <summary>Operations that exhausted their retries (or had none) without an acknowledgement.</summary>
    public long GaveUp => Interlocked.Read(ref _gaveUp);

    public async Task SingleAsync(int user, CancellationToken cancellationToken)
    {
        var sentAt = Stopwatch.GetTimestamp();
        var producer = NextProducer();
        var key = NextKey();
        var node = api.NextNode();
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0 && !await BeforeRetryAsync(attempt, cancellationToken))
            {
                break;
            }

            using var request = ApiClient.Request(HttpMethod.Post, node.Create, producerTokens[producer], bodies.Single(users.Ids[user], sentAt, key));
            try
            {
                using var response = await api.SendAsync(request, cancellationToken);
                var status = (int)response.StatusCode;
                statuses.Add("single", status);
                if (status is 201 or 200)
                {
                    var answer = await response.Content.ReadFromJsonAsync(WireJson.Default.CreateAnswer, cancellationToken);
                    // A retry may find what an earlier attempt stored before its answer was lost: same notification.
                    var acknowledged = status == 201 ? answer?.Status == "created" : attempt > 0 && answer?.Status == "duplicate";
                    if (acknowledged && answer?.Notification?.Id is { } id)
                    {
                        tracker.CreateAck.RecordSince(sentAt);
                        tracker.Acknowledge(user, id, sentAt);
                        Acknowledged(producer, attempt);
                        return;
                    }

                    statuses.Add("single", $"{status} {answer?.Status ?? "without body"}", isError: true);
                    break;
                }

                if (!IsRetryable(response.StatusCode))
                {
                    break;
                }
            }
            catch (Exception e) when (Failure.IsExpected(e))
            {
                statuses.Add("single", Failure.Name(e), isError: true);
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }

            if (attempt >= retries)
            {
                break;
            }

            node = api.NodeAfter(node);
        }

        Interlocked.Increment(ref _gaveUp);
    }

    /// <param name="recipients">Distinct users; the answer's results come in this order.</param>
    public async Task BatchAsync(int[] recipients, CancellationToken cancellationToken)
    {
        var ids = new string[recipients.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = users.Ids[recipients[i]];
        }

        var sentAt = Stopwatch.GetTimestamp();
        var producer = NextProducer();
        var key = NextKey();
        var node = api.NextNode();
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0 && !await BeforeRetryAsync(attempt, cancellationToken))
            {
                break;
            }

            using var request = ApiClient.Request(HttpMethod.Post, node.Batch, producerTokens[producer], bodies.Batch(ids, sentAt, key));
            try
            {
                using var response = await api.SendAsync(request, cancellationToken);
                var status = (int)response.StatusCode;
                statuses.Add("batch", status);
                if (status == 200)
                {
                    tracker.BatchAck.RecordSince(sentAt);
                    var answer = await response.Content.ReadFromJsonAsync(WireJson.Default.FanOutAnswer, cancellationToken);
                    AcknowledgeBatch(recipients, ids, answer, sentAt, retried: attempt > 0);
                    Acknowledged(producer, attempt);
                    return;
                }

                if (!IsRetryable(response.StatusCode))
                {
                    break;
                }
            }
            catch (Exception e) when (Failure.IsExpected(e))
            {
                statuses.Add("batch", Failure.Name(e), isError: true);
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }

            if (attempt >= retries)
            {
                break;
            }

            node = api.NodeAfter(node);
        }

        Interlocked.Increment(ref _gaveUp);
    }

    private void AcknowledgeBatch(int[] recipients, string[] ids, FanOutAnswer? answer, long sentAt, bool retried)
    {
        if (answer is null || answer.Results.Count != recipients.Length)
        {
            statuses.Add("batch", "results do not match the ids", isError: true);
            return;
        }

        for (var i = 0; i < recipients.Length; i++)
        {
            var result = answer.Results[i];
            if (!string.Equals(result.UserId, ids[i], StringComparison.Ordinal))
            {
                statuses.Add("batch", "results out of order", isError: true);
                return;
            }

            // After a retry, "duplicate" is a recipient an earlier attempt already stored: the same notification.
            if (result is { Status: "created", Id: { } id } || (retried && result is { Status: "duplicate", Id: { } _ }))
            {
                tracker.Acknowledge(recipients[i], result.Id!, sentAt);
            }
            else
            {
                statuses.Add("batch-item", result.Status, isError: result.Status != "created");
            }
        }
    }

    private async Task<bool> BeforeRetryAsync(int attempt, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _retries);
        var backoff = TimeSpan.FromMilliseconds(100 * Math.Pow(2, Math.Min(attempt - 1, 10)));
        try
        {
            await Task.Delay(backoff < MaxBackoff ? backoff : MaxBackoff, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Acknowledged(int producer, int attempt)
    {
        Stalls.Acknowledged(producer);
        if (attempt > 0)
        {
            Interlocked.Increment(ref _retriedAcknowledged);
        }
    }

    /// <summary>5xx (a dependency or a node going away) and 429 are worth another attempt; 4xx are the request's own fault.</summary>
    private static bool IsRetryable(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.TooManyRequests;

    private string? NextKey() => retries > 0 ? keyPrefix + Interlocked.Increment(ref _nextKey).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    private int NextProducer() => (int)((ulong)Interlocked.Increment(ref _nextToken) % (ulong)producerTokens.Length);
}

/// <summary>How a request that got no usable answer is counted.</summary>
internal static class Failure
{
    public static bool IsExpected(Exception e) => e is HttpRequestException or OperationCanceledException or JsonException or IOException;

    public static string Name(Exception e) => e switch
    {
        TaskCanceledException { InnerException: TimeoutException } => "timeout",
        OperationCanceledException => "cancelled",
        HttpRequestException h => "transport " + h.HttpRequestError,
        JsonException => "unreadable body",
        _ => e.GetType().Name,
    };
}
