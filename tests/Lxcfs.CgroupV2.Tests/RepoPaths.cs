namespace Lxcfs.CgroupV2.Tests;

/// <summary>Where the repository's scripts live, found from the test binary.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "LxcfsWebhook.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no LxcfsWebhook.sln above {AppContext.BaseDirectory}");
    }
}
