using Lxcfs.Proc.IO;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Cgroups;

/// <summary>Which hierarchy holds each controller, as read from <c>/proc/self/mountinfo</c>.</summary>
public sealed class CgroupLayout
{
    private readonly Dictionary<string, CgroupMount> _v1;

    private CgroupLayout(CgroupMode mode, Dictionary<string, CgroupMount> v1, CgroupMount? unified)
    {
        Mode = mode;
        _v1 = v1;
        Unified = unified;
    }

    public CgroupMode Mode { get; }

    public CgroupMount? Unified { get; }

    public IReadOnlyDictionary<string, CgroupMount> V1Mounts => _v1;

    public static CgroupLayout Detect(HostRoots roots)
    {
        using var mountinfo = HostFile.Read(roots.ProcFile("self/mountinfo"));
        return Parse(mountinfo.WrittenSpan);
    }

    /// <summary>Parses mountinfo text (proc(5)): the first cgroup mount of each controller wins.</summary>
    public static CgroupLayout Parse(ReadOnlySpan<byte> mountinfo)
    {
        var v1 = new Dictionary<string, CgroupMount>(StringComparer.Ordinal);
        CgroupMount? unified = null;
        var lines = new LineReader(mountinfo);
        while (lines.TryRead(out var line))
        {
            var separator = line.IndexOf(" - "u8);
            if (separator < 0)
            {
                continue;
            }

            var head = line[..separator];
            var tail = line[(separator + 3)..];
            var fsType = Ascii.NextToken(ref tail);
            var isV1 = fsType.SequenceEqual("cgroup"u8);
            if (!isV1 && !fsType.SequenceEqual("cgroup2"u8))
            {
                continue;
            }

            _ = Ascii.NextToken(ref head); // mount id
            _ = Ascii.NextToken(ref head); // parent id
            _ = Ascii.NextToken(ref head); // major:minor
            var root = Unescape(Ascii.NextToken(ref head));
            var mountPoint = Unescape(Ascii.NextToken(ref head)).TrimEnd('/');
            var mount = new CgroupMount(mountPoint, root, !isV1);
            if (!isV1)
            {
                unified ??= mount;
                continue;
            }

            _ = Ascii.NextToken(ref tail); // source
            foreach (var option in System.Text.Encoding.ASCII.GetString(Ascii.NextToken(ref tail)).Split(','))
            {
                if (IsController(option))
                {
                    v1.TryAdd(option, mount);
                }
            }
        }

        var mode = v1.Count > 0 ? (unified is null ? CgroupMode.Legacy : CgroupMode.Hybrid)
            : unified is null ? CgroupMode.None : CgroupMode.Unified;
        return new CgroupLayout(mode, v1, unified);
    }

    /// <summary>
    /// The hierarchy that holds <paramref name="controller"/>: its v1 mount, or on a pure v2 host the
    /// unified one (core files such as <c>cpu.stat</c> exist there even when the controller is not enabled).
    /// </summary>
    public CgroupMount? MountFor(string controller) =>
        _v1.TryGetValue(controller, out var mount) ? mount : Mode == CgroupMode.Unified ? Unified : null;

    private static bool IsController(string option) =>
        option is "cpu" or "cpuacct" or "cpuset" or "memory" or "blkio" or "pids";

    // mountinfo escapes space, tab, newline and backslash as \ooo.
    private static string Unescape(ReadOnlySpan<byte> field)
    {
        var text = System.Text.Encoding.UTF8.GetString(field);
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        return text.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
            .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);
    }
}
