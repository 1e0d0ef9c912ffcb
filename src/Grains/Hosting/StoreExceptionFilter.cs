using System.Data.Common;

namespace Notifications.Grains.Hosting;

/// <summary>
/// Turns a database driver's exception into <see cref="StoreUnavailableException"/> before it
/// leaves the silo: the drivers' exceptions cannot be serialized, and an Api would answer 500.
/// </summary>
internal sealed class StoreExceptionFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception exception) when (Translate(exception) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>A failure of the database driver itself (unreachable, refused, timed out), as opposed to a bug.</summary>
    public static bool IsStoreFailure(Exception exception) =>
        exception is DbException || (exception is TimeoutException && exception.InnerException is DbException);

    /// <summary>The exception to throw instead, or null to let it through as it is.</summary>
    public static StoreUnavailableException? Translate(Exception exception) => exception switch
    {
        DbException db => new StoreUnavailableException($"The store failed: {db.Message}"),
        TimeoutException timeout when timeout.InnerException is DbException => new StoreUnavailableException("The store timed out."),
        _ => null,
    };
}
