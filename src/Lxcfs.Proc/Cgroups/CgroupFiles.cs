using Lxcfs.Proc.IO;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Cgroups;

/// <summary>Reading the one-value files of cgroupfs.</summary>
public static class CgroupFiles
{
    /// <summary>A number file; <see cref="ulong.MaxValue"/> for <c>max</c>, null when missing or empty.</summary>
    public static ulong? TryReadLimit(string path)
    {
        using var buffer = HostFile.TryRead(path);
        if (buffer is null)
        {
            return null;
        }

        var text = Ascii.FirstLine(buffer.WrittenSpan);
        if (text.SequenceEqual("max"u8))
        {
            return ulong.MaxValue;
        }

        return Ascii.TryParseUInt64(text, out var value) ? value : null;
    }

    /// <summary>A number file that must exist (the cgroup's own usage): a missing one means the cgroup is gone.</summary>
    public static ulong ReadNumber(string path)
    {
        using var buffer = HostFile.Read(path);
        var text = Ascii.FirstLine(buffer.WrittenSpan);
        return Ascii.TryParseUInt64(text, out var value) ? value : throw new InvalidDataException($"{path}: not a number");
    }

    /// <summary>The smallest limit over a cgroup and its ancestors; <see cref="ulong.MaxValue"/> when none is set.</summary>
    public static ulong MinimumOverAncestors(CgroupDirectory directory, string fileName)
    {
        var minimum = ulong.MaxValue;
        foreach (var dir in directory.SelfAndAncestors())
        {
            if (TryReadLimit(dir + "/" + fileName) is { } value && value < minimum)
            {
                minimum = value;
            }
        }

        return minimum;
    }
}
