namespace Lxcfs.Chart.Tests;

/// <summary>Where the chart, the rendered manifests and the scripts live, found from the test binary.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Chart => Path.Combine(Root, "charts", "lxcfs-webhook");

    public static string Deploy => Path.Combine(Root, "deploy");

    public static string Hack(string script) => Path.Combine(Root, "hack", script);

    /// <summary>The cache the prerequisite scripts fill (helm, kubectl, kube-apiserver).</summary>
    public static string Cache => Environment.GetEnvironmentVariable("LXCFS_CACHE") is { Length: > 0 } cache
        ? cache
        : "/var/cache/lxcfs-webhook";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LxcfsWebhook.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no LxcfsWebhook.sln above {AppContext.BaseDirectory}");
    }
}
