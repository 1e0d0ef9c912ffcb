namespace Notifications.Api.Tests.Infrastructure;

/// <summary>Files of the repository this test assembly was built from (docs, deploy/, README.md).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Notifications.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Notifications.sln above {AppContext.BaseDirectory}.");
    }
}
