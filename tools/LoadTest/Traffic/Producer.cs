using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.LoadTest.Http;
using Notifications.LoadTest.Measure;
using Notifications.LoadTest.Swarm;

namespace Notifications.LoadTest.Traffic;

/// <summary>
/// The producer calls (role <c>service</c>): single creates and batch fan-outs. Every created
/// notification the service acknowledges is handed to the tracker with its recipient.
/// </summary>
public sealed class Producer(ApiClient api, RequestBodies bodies, RunUsers users, string[] producerTokens, DeliveryTracker tracker, StatusCounter statuses)
{
    private long _nextToken = -1;

    public async Task SingleAsync(int user, CancellationToken cancellationToken)
    {
        var sentAt = Stopwatch.GetTimestamp();
        using var request = ApiClient.Request(HttpMethod.Post, api.NextNode().Create, NextToken(), bodies.Single(users.Ids[user], sentAt));
        try
        {
            using var response = await api.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            if (status == 201)
            {
                tracker.CreateAck.RecordSince(sentAt);
                var answer = await response.Content.ReadFromJsonAsync(WireJson.Default.CreateAnswer, cancellationToken);
                if (answer?.Notification?.Id is { } id)
                {
                    tracker.Acknowledge(user, id);
                }
                else
                {
                    statuses.Add("single", "201 without id", isError: true);
                    return;
                }
            }

            statuses.Add("single", status);
        }
        catch (Exception e) when (Failure.IsExpected(e))
        {
            statuses.Add("single", Failure.Name(e), isError: true);
        }
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
        using var request = ApiClient.Request(HttpMethod.Post, api.NextNode().Batch, NextToken(), bodies.Batch(ids, sentAt));
        try
        {
            using var response = await api.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            statuses.Add("batch", status);
            if (status != 200)
            {
                return;
            }

            tracker.BatchAck.RecordSince(sentAt);
            var answer = await response.Content.ReadFromJsonAsync(WireJson.Default.FanOutAnswer, cancellationToken);
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

                if (result is { Status: "created", Id: { } id })
                {
                    tracker.Acknowledge(recipients[i], id);
                }
                else
                {
                    statuses.Add("batch-item", result.Status, isError: result.Status != "created");
                }
            }
        }
        catch (Exception e) when (Failure.IsExpected(e))
        {
            statuses.Add("batch", Failure.Name(e), isError: true);
        }
    }

    private string NextToken() => producerTokens[(int)((ulong)Interlocked.Increment(ref _nextToken) % (ulong)producerTokens.Length)];
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
