using System.Diagnostics;

namespace Notifications.LoadTest.Events;

/// <summary>
/// Something to do at a set time of the traffic phase, e.g. kill a node: the run goes on around
/// it and the result says when it started and ended. Library use only (no command-line form).
/// </summary>
/// <param name="Name">How the result names it.</param>
/// <param name="At">From the start of the traffic phase.</param>
/// <param name="RunAsync">The action; the token is cancelled when the run is aborted.</param>
public sealed record TimedAction(string Name, TimeSpan At, Func<CancellationToken, Task> RunAsync);

/// <summary>What became of a <see cref="TimedAction"/>; seconds from the start of the traffic phase.</summary>
public sealed record ActionOutcome(string Name, double PlannedSeconds, double? StartedSeconds, double? FinishedSeconds, string? Error);

/// <summary>Runs the timed actions of a run, each at its time, independently of the traffic.</summary>
internal static class TimedActions
{
    public static Task<ActionOutcome[]> StartAsync(IReadOnlyList<TimedAction> actions, long origin, CancellationToken stop, CancellationToken abort) =>
        Task.WhenAll(actions.Select(a => RunOneAsync(a, origin, stop, abort)));

    private static async Task<ActionOutcome> RunOneAsync(TimedAction action, long origin, CancellationToken stop, CancellationToken abort)
    {
        var planned = action.At.TotalSeconds;
        try
        {
            var wait = action.At - Stopwatch.GetElapsedTime(origin);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, stop);
            }
        }
        catch (OperationCanceledException)
        {
            return new ActionOutcome(action.Name, planned, null, null, "not run: the run was stopped first");
        }

        var started = Seconds(origin);
        try
        {
            await action.RunAsync(abort);
            return new ActionOutcome(action.Name, planned, started, Seconds(origin), null);
        }
        catch (Exception e)
        {
            return new ActionOutcome(action.Name, planned, started, Seconds(origin), $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static double Seconds(long origin) => Math.Round(Stopwatch.GetElapsedTime(origin).TotalSeconds, 3);
}
