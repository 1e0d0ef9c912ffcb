using Notifications.LoadTest;
using Notifications.LoadTest.Options;
using Notifications.LoadTest.Reporting;

// Thin on purpose: parse, wire Ctrl+C, run the engine, print, exit. The engine is LoadRun.

var options = OptionsParser.Parse(args, Environment.GetEnvironmentVariable, out var error, out var help);
if (help)
{
    Console.WriteLine(OptionsParser.HelpText());
    return 0;
}

if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine("See --help.");
    return 2;
}

// First Ctrl+C: stop sending, drain, report. Second: skip the waits. Third: the default (exit).
using var stop = new CancellationTokenSource();
using var abort = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (abort.IsCancellationRequested)
    {
        return;
    }

    e.Cancel = true;
    if (stop.IsCancellationRequested)
    {
        Console.Error.WriteLine("Skipping the remaining waits…");
        abort.Cancel();
    }
    else
    {
        Console.Error.WriteLine("Stopping: no more requests; draining, then the summary (Ctrl+C again to skip the wait)…");
        stop.Cancel();
    }
};

var result = await LoadRun.RunAsync(options with { Progress = Console.Out }, stop.Token, abort.Token);
Console.WriteLine();
Console.WriteLine(SummaryWriter.Format(result));
if (options.JsonPath is { } path)
{
    await ResultJson.WriteAsync(result, path, CancellationToken.None);
    Console.WriteLine($"Figures written to {path}");
}

return result.ExitCode;
