using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Cgroups;

/// <summary>A process's cgroup per v1 controller and on the unified hierarchy (<c>/proc/&lt;pid&gt;/cgroup</c>).</summary>
public sealed class CgroupPaths
{
    private const string InitScope = "/init.scope";
    private readonly Dictionary<string, string> _byController;

    private CgroupPaths(Dictionary<string, string> byController, string? unified)
    {
        _byController = byController;
        Unified = unified;
    }

    /// <summary>The <c>0::</c> path, or null when the process has none.</summary>
    public string? Unified { get; }

    /// <summary>Parses the file; a trailing <c>/init.scope</c> is dropped (systemd's init inside a container).</summary>
    public static CgroupPaths Parse(ReadOnlySpan<byte> text)
    {
        var byController = new Dictionary<string, string>(StringComparer.Ordinal);
        string? unified = null;
        var lines = new LineReader(text);
        while (lines.TryRead(out var line))
        {
            var first = line.IndexOf((byte)':');
            var second = first < 0 ? -1 : line[(first + 1)..].IndexOf((byte)':');
            if (second < 0)
            {
                continue;
            }

            var controllers = line.Slice(first + 1, second);
            var path = StripInitScope(System.Text.Encoding.UTF8.GetString(line[(first + second + 2)..]));
            if (controllers.IsEmpty && line[..first].SequenceEqual("0"u8))
            {
                unified = path;
                continue;
            }

            foreach (var controller in System.Text.Encoding.ASCII.GetString(controllers).Split(','))
            {
                byController.TryAdd(controller, path);
            }
        }

        return new CgroupPaths(byController, unified);
    }

    /// <summary>The path for <paramref name="controller"/> on <paramref name="mount"/>.</summary>
    public string? PathFor(string controller, CgroupMount mount) =>
        mount.IsUnified ? Unified : _byController.GetValueOrDefault(controller);

    private static string StripInitScope(string path)
    {
        if (path == InitScope)
        {
            return "/";
        }

        return path.EndsWith(InitScope, StringComparison.Ordinal) ? path[..^InitScope.Length] : path;
    }
}
