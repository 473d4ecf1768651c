using Lxcfs.Fuse.Session;

namespace Lxcfs.Daemon.Healing;

/// <summary>
/// The LXCFS connections (filesystem devices, <c>major:minor</c>) that have served one mount point, so that healing
/// re-binds only files that came from them. A host may run other LXCFS instances (the distribution's, another mount
/// point, a test), and their dead binds are theirs to heal, with their own options. Known from two places: the
/// dead mounts found at the mount point before mounting afresh, and a record beside the pidfile to which every
/// instance adds its own connection; a clean stop unmounts, so its containers' dead binds leave no trace at the
/// mount point. A device number is only reused once nothing holds the old connection, so no live bind of it
/// can be confused with a newer one.
/// </summary>
public static class OwnConnections
{
    /// <summary>How many connections the record keeps, newest last: a dead bind older than that many restarts is left alone.</summary>
    public const int Kept = 16;

    /// <summary>The record beside <paramref name="pidFile"/>, in the directory that successive instances share.</summary>
    public static string RecordPath(string pidFile) => pidFile + ".connections";

    /// <summary>The devices of the LXCFS mounts at <paramref name="mountPoint"/>, stacked ones included.</summary>
    public static IReadOnlyList<string> AtMountPoint(IReadOnlyList<MountEntry> mounts, string mountPoint) =>
        [.. MountTable.Stacked(mounts, mountPoint).Where(LxcfsMountSelector.IsLxcfs).Select(m => m.Device).Distinct()];

    /// <summary>The recorded devices, oldest first; none when there is no record or it cannot be read.</summary>
    public static IReadOnlyList<string> Load(string path)
    {
        try
        {
            return [.. File.ReadAllLines(path).Where(IsDevice)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>
    /// Adds <paramref name="devices"/> to the record (each once, newest last, at most <see cref="Kept"/>) and returns
    /// the whole list. The record is replaced by a rename, so a crash or a full disk leaves the old one whole; null
    /// and <paramref name="error"/> when it cannot be written.
    /// </summary>
    public static IReadOnlyList<string>? Add(string path, IEnumerable<string> devices, out string? error)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var list = Load(path).ToList();
        foreach (var device in devices.Where(IsDevice))
        {
            list.Remove(device);
            list.Add(device);
        }

        list = list[Math.Max(0, list.Count - Kept)..];
        var temporary = path + ".new";
        try
        {
            File.WriteAllLines(temporary, list);
            File.Move(temporary, path, overwrite: true);
            error = null;
            return list;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e.Message;
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing else to do: a stray file beside the pidfile, replaced by the next attempt.
            }

            return null;
        }
    }

    // "major:minor", as mountinfo's third field writes it; anything else in the record is ignored.
    private static bool IsDevice(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < text.Length - 1 && !text.AsSpan(0, colon).ContainsAnyExceptInRange('0', '9') && !text.AsSpan(colon + 1).ContainsAnyExceptInRange('0', '9');
    }
}
