using System.Text;

namespace Lxcfs.Fuse.Session;

/// <summary>One line of <c>/proc/&lt;pid&gt;/mountinfo</c>.</summary>
/// <param name="MountId">the mount's id</param>
/// <param name="Root">the path inside the filesystem that is mounted (a bind mount of one file shows it)</param>
/// <param name="MountPoint">where it is mounted, unescaped</param>
/// <param name="FsType">the filesystem type, e.g. <c>fuse.lxcfs</c></param>
/// <param name="Source">the mount source, e.g. <c>lxcfs</c></param>
/// <param name="Device">the filesystem's device as <c>major:minor</c>: one per FUSE connection, shared by all its binds</param>
public sealed record MountEntry(int MountId, string Root, string MountPoint, string FsType, string Source, string Device);

/// <summary>Reads mountinfo files; pure parsing so tests can feed it text.</summary>
public static class MountTable
{
    public static IReadOnlyList<MountEntry> Read(string path = "/proc/self/mountinfo") => Parse(File.ReadAllText(path));

    public static IReadOnlyList<MountEntry> Parse(string mountinfo)
    {
        ArgumentNullException.ThrowIfNull(mountinfo);
        var entries = new List<MountEntry>();
        foreach (var line in mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // id parent major:minor root mountpoint options [optional fields...] - fstype source superoptions
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (fields.Length < 7 || separator < 6 || separator + 2 >= fields.Length || !int.TryParse(fields[0], out var id))
            {
                continue;
            }

            entries.Add(new MountEntry(id, Unescape(fields[3]), Unescape(fields[4]), fields[separator + 1], Unescape(fields[separator + 2]), fields[2]));
        }

        return entries;
    }

    /// <summary>The topmost mount at <paramref name="mountPoint"/>, or null when nothing is mounted there.</summary>
    public static MountEntry? Find(IReadOnlyList<MountEntry> entries, string mountPoint) => Stacked(entries, mountPoint).LastOrDefault();

    /// <summary>Every mount at <paramref name="mountPoint"/>, bottom first (mountinfo's order).</summary>
    public static IEnumerable<MountEntry> Stacked(IReadOnlyList<MountEntry> entries, string mountPoint)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var normalized = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));
        return entries.Where(e => e.MountPoint == normalized);
    }

    // The kernel escapes space, tab, newline and backslash as \ooo octal.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var bytes = new List<byte>(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                bytes.Add((byte)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(field[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(string s, int start) =>
        start + 3 <= s.Length && s[start] is >= '0' and <= '7' && s[start + 1] is >= '0' and <= '7' && s[start + 2] is >= '0' and <= '7';
}
