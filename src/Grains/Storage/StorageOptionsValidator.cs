using Microsoft.Extensions.Options;

namespace Notifications.Grains.Storage;

/// <summary>Rejects a storage configuration that could only fail later, so the host fails at start-up instead.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!options.IsSqlite && !options.IsPostgres)
        {
            failures.Add($"Storage:Provider must be '{StorageOptions.SqliteProvider}' or '{StorageOptions.PostgresProvider}', not '{options.Provider}'.");
        }

        if (options.IsSqlite && string.IsNullOrWhiteSpace(options.SqlitePath))
        {
            failures.Add("Storage:SqlitePath is required when Storage:Provider is Sqlite.");
        }

        if (options.IsPostgres)
        {
            if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
            {
                failures.Add("Storage:PostgresConnectionString is required when Storage:Provider is Postgres.");
            }

            if (string.IsNullOrWhiteSpace(options.PostgresSchema))
            {
                failures.Add("Storage:PostgresSchema must not be empty.");
            }
        }

        if (options.SqliteBusyTimeout < TimeSpan.Zero)
        {
            failures.Add("Storage:SqliteBusyTimeout must not be negative.");
        }

        if (options.CleanupInterval <= TimeSpan.Zero)
        {
            failures.Add("Storage:CleanupInterval must be positive.");
        }

        if (options.PostgresCommandTimeout <= TimeSpan.Zero || options.PostgresConnectTimeout <= TimeSpan.Zero)
        {
            failures.Add("Storage:PostgresCommandTimeout and Storage:PostgresConnectTimeout must be positive.");
        }

        if (options.PostgresMaxPoolSize < 1)
        {
            failures.Add("Storage:PostgresMaxPoolSize must be at least 1.");
        }

        if (options.CleanupBatchSize < 1)
        {
            failures.Add("Storage:CleanupBatchSize must be at least 1.");
        }

        if (options.GroupCommitMaxBatchRows < 1)
        {
            failures.Add("Storage:GroupCommitMaxBatchRows must be at least 1.");
        }

        if (options.GroupCommitMaxLinger < TimeSpan.Zero)
        {
            failures.Add("Storage:GroupCommitMaxLinger must not be negative.");
        }

        if (options.GroupCommitQueueCapacity < 1)
        {
            failures.Add("Storage:GroupCommitQueueCapacity must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
