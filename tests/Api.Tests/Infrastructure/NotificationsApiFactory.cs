using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Api.Auth;

namespace Notifications.Api.Tests.Infrastructure;

/// <summary>
/// The whole service as <c>dotnet run --project src/Api</c> starts it (co-hosted silo, localhost
/// clustering, SQLite store), on Kestrel at a loopback port, with its own ports, key and database.
/// </summary>
public class NotificationsApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SigningKey = "test-signing-key-for-notifications-0123456789";

    private readonly string _directory;
    private readonly bool _ownsDirectory;
    private readonly Dictionary<string, string?> _settings;

    public NotificationsApiFactory()
        : this(null, "Development", new Dictionary<string, string?>())
    {
    }

    /// <param name="databaseDirectory">Reuse a database (restart tests); null for a fresh one.</param>
    protected NotificationsApiFactory(string? databaseDirectory, string environment, IReadOnlyDictionary<string, string?> settings)
    {
        _ownsDirectory = databaseDirectory is null;
        _directory = databaseDirectory ?? Directory.CreateTempSubdirectory("api-tests-").FullName;
        Environment = environment;
        _settings = new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = SigningKey,
            ["Cluster:SiloPort"] = LoopbackPorts.FreeText(),
            ["Cluster:GatewayPort"] = LoopbackPorts.FreeText(),
            ["Cluster:ClusterId"] = "test-" + Guid.NewGuid().ToString("N"),
            ["Storage:Provider"] = "Sqlite",
            ["Storage:SqlitePath"] = DatabasePath,
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }

        UseKestrel(0);
    }

    public string Environment { get; }

    public string DatabaseDirectory => _directory;

    /// <summary>The SQLite file the service stores into.</summary>
    public string DatabasePath => Path.Combine(_directory, "notifications.db");

    public Uri BaseAddress { get; private set; } = null!;

    public TokenIssuer Tokens => Services.GetRequiredService<TokenIssuer>();

    public ValueTask InitializeAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + "/");
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (_ownsDirectory)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// A statement run on the service's database from beside it, as an operator (or a full disk)
    /// would: a trigger that refuses writes makes the store fail for real, without a fake.
    /// </summary>
    public async Task ExecuteOnDatabaseAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A user id no other test uses.</summary>
    public static string NewUserId(string prefix = "u") => $"{prefix}-{Guid.NewGuid():N}";

    public string TokenFor(string userId, params string[] roles) => Tokens.Issue(userId, roles);

    /// <summary>An HTTP client to the real server, authenticated as the user (or anonymous).</summary>
    public HttpClient ClientFor(string? userId, params string[] roles)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (userId is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(userId, roles));
        }

        return client;
    }

    public HttpClient Producer() => ClientFor(NewUserId("producer"), Roles.Service);

    /// <summary>A SignalR connection of the user (not started).</summary>
    public HubConnection HubFor(string userId, Action<Microsoft.AspNetCore.Http.Connections.Client.HttpConnectionOptions>? configure = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "hubs/notifications"), options =>
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(TokenFor(userId));
                configure?.Invoke(options);
            })
            .Build();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>A service with its own environment and settings, optionally on an existing database.</summary>
public sealed class ConfiguredApiFactory(string? databaseDirectory, string environment, IReadOnlyDictionary<string, string?> settings)
    : NotificationsApiFactory(databaseDirectory, environment, settings);

/// <summary>The service shared by the contract tests: one server, many users.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<NotificationsApiFactory>
{
    public const string Name = "api";
}
