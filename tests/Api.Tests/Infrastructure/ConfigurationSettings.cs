using System.Globalization;
using System.Reflection;
using Notifications.Grains.Storage;
using Notifications.ServiceDefaults;

namespace Notifications.Api.Tests.Infrastructure;

/// <summary>
/// Every setting the service binds from configuration, read from the options classes themselves:
/// each <c>*Options</c> class of src/ with a <c>SectionName</c> constant, each public settable
/// property as <c>Section__Property</c> (the environment variable form), with its default.
/// </summary>
public static class ConfigurationSettings
{
    /// <summary>Settings read outside the options classes (by ASP.NET Core, OpenTelemetry, Orleans' Kubernetes hosting or CORS).</summary>
    public static readonly IReadOnlySet<string> Others = new HashSet<string>(StringComparer.Ordinal)
    {
        "ASPNETCORE_URLS", "--urls", "Urls", "ASPNETCORE_ENVIRONMENT", "AllowedOrigins", "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG", "POD_NAME", "POD_NAMESPACE", "POD_IP",
    };

    private static readonly Assembly[] Assemblies =
    [
        typeof(Program).Assembly, typeof(AuthOptions).Assembly, typeof(StorageOptions).Assembly, typeof(TelemetryOptions).Assembly,
    ];

    public sealed record Setting(string Name, Type Options, PropertyInfo Property, object? Default);

    public static IReadOnlyList<Setting> All { get; } = Read();

    public static Setting? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>A default as the README writes it: <c>00:00:30</c>, <c>00:00:00.002</c>, <c>true</c>, <c>CoHosted</c>, <c>500</c>.</summary>
    public static string? Format(object? value) => value switch
    {
        null => null,
        string text => text.Length == 0 ? null : text,
        bool flag => flag ? "true" : "false",
        TimeSpan span when span.Days > 0 => span.ToString("c", CultureInfo.InvariantCulture),
        TimeSpan span when span.Ticks % TimeSpan.TicksPerSecond != 0 => span.ToString(@"hh\:mm\:ss\.FFFFFFF", CultureInfo.InvariantCulture),
        TimeSpan span => span.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list when !list.GetEnumerator().MoveNext() => null, // an empty list: nothing to state
        System.Collections.IEnumerable list => string.Join(", ", list.Cast<object>().Select(Format)),
        _ => value.ToString(),
    };

    private static List<Setting> Read()
    {
        var settings = new List<Setting>();
        foreach (var type in Assemblies.SelectMany(a => a.GetTypes()).Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) && t.IsClass && !t.IsAbstract))
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } field)
            {
                continue;
            }

            var section = (string)field.GetRawConstantValue()!;
            var defaults = Activator.CreateInstance(type);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
            {
                settings.Add(new Setting($"{section}__{property.Name}", type, property, property.GetValue(defaults)));
            }
        }

        return settings;
    }
}
