namespace Lxcfs.Proc;

/// <summary>
/// Where the kernel's pseudo-filesystems are. The daemon uses the real ones; fixture tests point
/// these at trees written in a temporary directory, so every reader below is testable without root.
/// </summary>
/// <param name="Proc">the procfs mount (normally <c>/proc</c>)</param>
/// <param name="Sys">the sysfs mount (normally <c>/sys</c>)</param>
public sealed record HostRoots(string Proc = "/proc", string Sys = "/sys")
{
    public static HostRoots Real { get; } = new();

    public string ProcFile(string name) => Proc + "/" + name;

    public string PidFile(int pid, string name) => string.Create(null, stackalloc char[64], $"{Proc}/{pid}/{name}");

    public string SysCpuOnline => Sys + "/devices/system/cpu/online";

    // Every render asks for its host file: the daemon's own roots keep the paths instead of building one per read.
    private static string[]? s_realHostPaths;

    /// <summary>The host file a view stands in for, under these roots.</summary>
    public string HostPath(Views.ViewFile file) => ReferenceEquals(this, Real)
        ? (s_realHostPaths ??= [.. Enum.GetValues<Views.ViewFile>().Select(Real.BuildHostPath)])[(int)file]
        : BuildHostPath(file);

    private string BuildHostPath(Views.ViewFile file)
    {
        var path = Views.ServedFiles.Of(file).Path;
        return path.StartsWith("sys/", StringComparison.Ordinal) ? Sys + path["sys".Length..] : Proc + path["proc".Length..];
    }
}
