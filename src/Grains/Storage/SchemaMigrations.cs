using System.Data.Common;
using System.Globalization;

namespace Notifications.Grains.Storage;

/// <summary>
/// The migration loop both stores share. It runs in the caller's transaction, which already
/// holds the store's own lock (so processes starting together migrate one after another): it
/// creates the version table, reads the version, and applies and records each later migration.
/// Where the dialects differ — the version table's DDL, how "now" is stored — the store says.
/// </summary>
internal static class SchemaMigrations
{
    /// <summary>Applies <paramref name="migrations"/> (version n is element n − 1) after the recorded version; reports each one applied.</summary>
    /// <param name="versionTable">The table's (possibly schema-qualified, quoted) name.</param>
    /// <param name="createVersionTable">Creates it if missing, with columns <c>version</c> and <c>applied_at</c>.</param>
    /// <param name="now">The dialect's SQL expression for the current time as <c>applied_at</c> stores it.</param>
    public static async Task ApplyAsync(
        DbConnection connection,
        DbTransaction transaction,
        string versionTable,
        string createVersionTable,
        string now,
        IReadOnlyList<string> migrations,
        Action<int> applied,
        CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, createVersionTable, cancellationToken);

        long current;
        await using (var select = Command(connection, transaction, $"SELECT COALESCE(MAX(version), 0) FROM {versionTable}"))
        {
            current = Convert.ToInt64(await select.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        for (var version = (int)current + 1; version <= migrations.Count; version++)
        {
            await ExecuteAsync(connection, transaction, migrations[version - 1], cancellationToken);

            // A literal, not a parameter: the dialects name parameters differently, and it is an int.
            await ExecuteAsync(connection, transaction, $"INSERT INTO {versionTable} (version, applied_at) VALUES ({version.ToString(CultureInfo.InvariantCulture)}, {now})", cancellationToken);
            applied(version);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}
