using System.Collections.Concurrent;
using Lxcfs.Proc.IO;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Cgroups;

/// <summary>
/// Per-device I/O counters of a cgroup: v2 <c>io.stat</c>; v1 the CFQ <c>blkio.*_recursive</c> files when
/// the kernel has them, else <c>blkio.throttle.*_recursive</c> (what current kernels keep). Null when
/// none of those exist, so the caller serves the host file.
/// </summary>
public static class IoReader
{
    // v1 hierarchies (by mount point) of a kernel without CFQ's files: known once a cgroup had the throttle
    // files but not those, since which files a kernel has does not change while it runs. Saves a failed
    // open on every read of current kernels.
    private static readonly ConcurrentDictionary<string, bool> s_withoutCfq = new(StringComparer.Ordinal);

    public static Dictionary<(uint Major, uint Minor), DiskCounters>? Read(CgroupDirectory cgroup)
    {
        Dictionary<(uint, uint), DiskCounters>? devices;
        if (cgroup.IsUnified)
        {
            devices = ReadIoStat(cgroup);
        }
        else
        {
            var cfqKnownAbsent = s_withoutCfq.ContainsKey(cgroup.MountPoint);
            devices = cfqKnownAbsent ? null : ReadCfq(cgroup);
            if (devices is null && ReadThrottle(cgroup) is { } throttle)
            {
                devices = throttle;
                if (!cfqKnownAbsent)
                {
                    s_withoutCfq.TryAdd(cgroup.MountPoint, true);
                }
            }
        }

        // Nothing read: a removed cgroup must fail the read rather than pass for one without counters.
        if (devices is null && !Directory.Exists(cgroup.Path))
        {
            throw new DirectoryNotFoundException(cgroup.Path);
        }

        return devices;
    }

    private static Dictionary<(uint, uint), DiskCounters>? ReadIoStat(CgroupDirectory cgroup)
    {
        using var text = HostFile.TryRead(cgroup.File("io.stat"));
        if (text is null)
        {
            return null;
        }

        var devices = new Dictionary<(uint, uint), DiskCounters>();
        var lines = new LineReader(text.WrittenSpan);
        while (lines.TryRead(out var line))
        {
            var rest = line;
            if (!TryParseDevice(Ascii.NextToken(ref rest), out var device))
            {
                continue;
            }

            var counters = Get(devices, device);
            for (var pair = Ascii.NextToken(ref rest); !pair.IsEmpty; pair = Ascii.NextToken(ref rest))
            {
                var eq = pair.IndexOf((byte)'=');
                if (eq > 0 && Ascii.TryParseUInt64(pair[(eq + 1)..], out var value))
                {
                    Apply(counters, pair[..eq], value);
                }
            }
        }

        return devices;
    }

    private static void Apply(DiskCounters c, ReadOnlySpan<byte> key, ulong value)
    {
        if (key.SequenceEqual("rbytes"u8)) { c.ReadSectors = value / 512; }
        else if (key.SequenceEqual("wbytes"u8)) { c.WriteSectors = value / 512; }
        else if (key.SequenceEqual("rios"u8)) { c.Reads = value; }
        else if (key.SequenceEqual("wios"u8)) { c.Writes = value; }
        else if (key.SequenceEqual("dbytes"u8)) { c.DiscardSectors = value / 512; }
        else if (key.SequenceEqual("dios"u8)) { c.Discards = value; }
    }

    private static Dictionary<(uint, uint), DiskCounters>? ReadCfq(CgroupDirectory cgroup)
    {
        // CFQ's files come all or none: the first missing means none.
        using var serviced = HostFile.TryRead(cgroup.File("blkio.io_serviced_recursive"));
        if (serviced is null)
        {
            return null;
        }

        using var merged = HostFile.TryRead(cgroup.File("blkio.io_merged_recursive"));
        using var bytes = HostFile.TryRead(cgroup.File("blkio.io_service_bytes_recursive"));
        using var wait = HostFile.TryRead(cgroup.File("blkio.io_wait_time_recursive"));
        using var service = HostFile.TryRead(cgroup.File("blkio.io_service_time_recursive"));
        if (merged is null || bytes is null || wait is null || service is null)
        {
            return null;
        }

        var devices = new Dictionary<(uint, uint), DiskCounters>();
        ForEachOp(serviced.WrittenSpan, devices, static (c, op, v) => SetOp(op, v, x => c.Reads = x, x => c.Writes = x, x => c.Discards = x));
        ForEachOp(merged.WrittenSpan, devices, static (c, op, v) => SetOp(op, v, x => c.ReadsMerged = x, x => c.WritesMerged = x, x => c.DiscardsMerged = x));
        ForEachOp(bytes.WrittenSpan, devices, static (c, op, v) => SetOp(op, v / 512, x => c.ReadSectors = x, x => c.WriteSectors = x, x => c.DiscardSectors = x));
        ForEachOp(wait.WrittenSpan, devices, static (c, op, v) => SetOp(op, v / 1_000_000, x => c.ReadTicks += x, x => c.WriteTicks += x, x => c.DiscardTicks += x));
        ForEachOp(service.WrittenSpan, devices, static (c, op, v) =>
        {
            SetOp(op, v / 1_000_000, x => c.ReadTicks += x, x => c.WriteTicks += x, x => c.DiscardTicks += x);
            if (op == Op.Total)
            {
                c.IoTicks = v / 1_000_000;
            }
        });
        return devices;
    }

    private static Dictionary<(uint, uint), DiskCounters>? ReadThrottle(CgroupDirectory cgroup)
    {
        using var serviced = HostFile.TryRead(cgroup.File("blkio.throttle.io_serviced_recursive"));
        using var bytes = HostFile.TryRead(cgroup.File("blkio.throttle.io_service_bytes_recursive"));
        if (serviced is null || bytes is null)
        {
            return null;
        }

        var devices = new Dictionary<(uint, uint), DiskCounters>();
        ForEachOp(serviced.WrittenSpan, devices, static (c, op, v) => SetOp(op, v, x => c.Reads = x, x => c.Writes = x, x => c.Discards = x));
        ForEachOp(bytes.WrittenSpan, devices, static (c, op, v) => SetOp(op, v / 512, x => c.ReadSectors = x, x => c.WriteSectors = x, x => c.DiscardSectors = x));
        return devices;
    }

    private enum Op { Other, Read, Write, Discard, Total }

    private static void SetOp(Op op, ulong value, Action<ulong> read, Action<ulong> write, Action<ulong> discard)
    {
        switch (op)
        {
            case Op.Read: read(value); break;
            case Op.Write: write(value); break;
            case Op.Discard: discard(value); break;
            default: break;
        }
    }

    // Lines "<maj>:<min> <Op> <value>"; the trailing "Total <n>" line has no device.
    private static void ForEachOp(ReadOnlySpan<byte> text, Dictionary<(uint, uint), DiskCounters> devices, Action<DiskCounters, Op, ulong> apply)
    {
        var lines = new LineReader(text);
        while (lines.TryRead(out var line))
        {
            var rest = line;
            if (!TryParseDevice(Ascii.NextToken(ref rest), out var device))
            {
                continue;
            }

            var opText = Ascii.NextToken(ref rest);
            if (!Ascii.TryParseUInt64(Ascii.NextToken(ref rest), out var value))
            {
                continue;
            }

            var op = opText.SequenceEqual("Read"u8) ? Op.Read : opText.SequenceEqual("Write"u8) ? Op.Write
                : opText.SequenceEqual("Discard"u8) ? Op.Discard : opText.SequenceEqual("Total"u8) ? Op.Total : Op.Other;
            apply(Get(devices, device), op, value);
        }
    }

    private static DiskCounters Get(Dictionary<(uint, uint), DiskCounters> devices, (uint, uint) device)
    {
        if (!devices.TryGetValue(device, out var counters))
        {
            counters = new DiskCounters();
            devices[device] = counters;
        }

        return counters;
    }

    private static bool TryParseDevice(ReadOnlySpan<byte> text, out (uint Major, uint Minor) device)
    {
        var colon = text.IndexOf((byte)':');
        if (colon > 0 && Ascii.TryParseUInt64(text[..colon], out var major) && Ascii.TryParseUInt64(text[(colon + 1)..], out var minor)
            && major <= uint.MaxValue && minor <= uint.MaxValue)
        {
            device = ((uint)major, (uint)minor);
            return true;
        }

        device = default;
        return false;
    }
}
