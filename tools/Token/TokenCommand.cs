using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Notifications.Auth;

namespace Notifications.Token;

/// <summary>
/// Mints a token the Api accepts, from the same <c>Auth</c> settings the Api reads
/// (<c>Auth__SigningKey</c>, <c>Auth__Issuer</c>, <c>Auth__Audience</c>, <c>Auth__DevTokenLifetime</c>)
/// and with the Api's own <see cref="TokenIssuer"/>: the way to get a token where <c>/dev/token</c>
/// does not exist (every environment but Development). Prints the token alone on standard output.
/// </summary>
public static class TokenCommand
{
    public const int Success = 0;
    public const int UsageError = 2;

    public const string Usage = """
        Mints a token for the Notifications Api with the configured signing key.

        usage: Notifications.Token --user ID [--role ROLE]... [--lifetime hh:mm:ss] [--settings FILE]

          --user ID         the token's sub: 1-64 characters of A-Z, a-z, 0-9, '_' or '-'
          --role ROLE       service (may create notifications) or admin (may broadcast); repeatable
          --lifetime T      how long the token is valid (default Auth__DevTokenLifetime: 12:00:00)
          --settings FILE   an appsettings.json to read the Auth section from (environment variables win)

        The key, issuer and audience come from Auth__SigningKey, Auth__Issuer and Auth__Audience, as for the Api.
        """;

    private static readonly string[] KnownRoles = [Roles.Service, Roles.Admin];

    /// <summary>Runs the command; <paramref name="environment"/> is where <c>Auth__…</c> comes from (the process's environment variables in the tool).</summary>
    public static int Run(IReadOnlyList<string> args, IConfiguration environment, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        string? user = null;
        string? settingsFile = null;
        TimeSpan? lifetime = null;
        var roles = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                output.WriteLine(Usage);
                return Success;
            }

            if (i + 1 >= args.Count || name is not ("--user" or "--role" or "--lifetime" or "--settings"))
            {
                return Fail(error, $"unknown option or missing value: '{name}'");
            }

            var value = args[++i];
            switch (name)
            {
                case "--user":
                    user = value;
                    break;
                case "--role":
                    if (!KnownRoles.Contains(value, StringComparer.Ordinal))
                    {
                        return Fail(error, $"--role must be one of {string.Join(", ", KnownRoles)}, not '{value}'");
                    }

                    roles.Add(value);
                    break;
                case "--lifetime":
                    if (!TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) || parsed <= TimeSpan.Zero)
                    {
                        return Fail(error, $"--lifetime must be a positive time span such as 01:00:00, not '{value}'");
                    }

                    lifetime = parsed;
                    break;
                default:
                    settingsFile = value;
                    break;
            }
        }

        if (user is null || !UserIds.IsValid(user))
        {
            return Fail(error, "--user is required: 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
        }

        if (settingsFile is not null && !File.Exists(settingsFile))
        {
            return Fail(error, $"--settings: no file '{settingsFile}'");
        }

        var configuration = new ConfigurationBuilder();
        if (settingsFile is not null)
        {
            configuration.AddJsonFile(Path.GetFullPath(settingsFile), optional: false);
        }

        configuration.AddConfiguration(environment);
        var auth = new AuthOptions();
        configuration.Build().GetSection(AuthOptions.SectionName).Bind(auth);
        var validation = new AuthOptionsValidator().Validate(null, auth);
        if (validation.Failed)
        {
            return Fail(error, string.Join(" ", validation.Failures ?? []));
        }

        var issuer = new TokenIssuer(Options.Create(auth), TimeProvider.System);
        output.WriteLine(issuer.Issue(user, roles, lifetime));
        return Success;
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine("error: " + message);
        error.WriteLine("(--help for usage)");
        return UsageError;
    }
}
