using System.Globalization;
using Lxcfs.Fuse.Session;

namespace Lxcfs.Daemon.Cli;

/// <summary>
/// Reads <c>-o</c>. LXCFS always mounts with allow_other and drops the options it sets itself; the
/// same is done here. Options that only meant something to libfuse are accepted and reported.
/// </summary>
public static class MountOptionParser
{
    private static readonly HashSet<string> s_setByDaemon = ["allow_other", "direct_io", "rw", "nosuid", "nodev"];

    public static (FuseMountOptions Options, IReadOnlyList<string> Ignored, string? Error) Parse(string? list)
    {
        var options = new FuseMountOptions();
        var ignored = new List<string>();
        if (string.IsNullOrEmpty(list))
        {
            return (options, ignored, null);
        }

        foreach (var word in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var key = word.Split('=', 2)[0];
            switch (key)
            {
                case "nonempty":
                    options = options with { NonEmpty = true };
                    break;
                case "default_permissions":
                    options = options with { DefaultPermissions = true };
                    break;
                case "max_read":
                    if (!uint.TryParse(word.AsSpan(key.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var maxRead) || maxRead == 0)
                    {
                        return (options, ignored, $"-o {word}: max_read needs a positive number");
                    }

                    options = options with { MaxRead = maxRead };
                    break;
                case "ro":
                    return (options, ignored, "-o ro is not supported: the files are read-only already, and a read-only mount shows 'ro' where lxcfs shows 'rw'");
                default:
                    if (!s_setByDaemon.Contains(key))
                    {
                        ignored.Add(word);
                    }

                    break;
            }
        }

        return (options, ignored, null);
    }
}
