using Npgsql;
using Notifications.Grains.Storage;

namespace Notifications.Api.Tests.Infrastructure;

/// <summary>
/// The service as production runs it: the PostgreSQL store, on the server scripts/test.sh starts
/// (<c>NOTIFICATIONS_TEST_POSTGRES</c>), in a schema of its own that is dropped on dispose. The
/// same contract tests run on it as on the embedded store, so a rule that holds only because of
/// one store's SQL shows up as a failure on the other.
/// </summary>
public sealed class PostgresApiFactory : NotificationsApiFactory
{
    public const string EnvironmentVariable = "NOTIFICATIONS_TEST_POSTGRES";

    private readonly string _schema;

    public PostgresApiFactory()
        : this("api_" + Guid.NewGuid().ToString("N")[..16])
    {
    }

    private PostgresApiFactory(string schema)
        : base(null, "Development", Settings(schema))
    {
        _schema = schema;
    }

    private static string ConnectionString =>
        System.Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set. The contract tests on PostgreSQL need a server: run "
                + $"`scripts/postgres.sh start /tmp/pg` and export the {EnvironmentVariable}=... line it prints (scripts/test.sh does).");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
        await command.ExecuteNonQueryAsync();
    }

    private static Dictionary<string, string?> Settings(string schema) => new()
    {
        [$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"] = StorageOptions.PostgresProvider,
        [$"{StorageOptions.SectionName}:{nameof(StorageOptions.PostgresConnectionString)}"] = ConnectionString,
        [$"{StorageOptions.SectionName}:{nameof(StorageOptions.PostgresSchema)}"] = schema,
    };
}

/// <summary>The service on PostgreSQL shared by the contract tests that run on both stores.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresApiCollection : ICollectionFixture<PostgresApiFactory>
{
    public const string Name = "api-postgres";
}
