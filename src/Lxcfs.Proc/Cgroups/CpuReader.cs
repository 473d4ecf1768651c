using Lxcfs.Buffers;
using Lxcfs.Proc.IO;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Cgroups;

/// <summary>Reads cpuset, CFS quota and CPU usage (v1 cpuset/cpu/cpuacct hierarchies or v2).</summary>
public static class CpuReader
{
    private static readonly string[] s_v1CpusetFiles = ["cpuset.effective_cpus", "cpuset.cpus"];
    private static readonly string[] s_v2CpusetFiles = ["cpuset.cpus.effective", "cpuset.cpus"];

    /// <summary>The cpuset: the first non-empty list walking up from the cgroup; the host's online CPUs when the controller is absent.</summary>
    public static int[] ReadCpuset(CgroupDirectory? cpuset, HostRoots roots)
    {
        if (cpuset is not null)
        {
            var names = cpuset.IsUnified ? s_v2CpusetFiles : s_v1CpusetFiles;
            var self = true;
            foreach (var dir in cpuset.SelfAndAncestors())
            {
                var found = false;
                foreach (var name in names)
                {
                    using var text = HostFile.TryRead(dir + "/" + name);
                    found |= text is not null;
                    if (text is not null && CpuList.Parse(text.WrittenSpan) is { Length: > 0 } cpus)
                    {
                        return cpus;
                    }
                }

                if (self && !found)
                {
                    RequireExists(cpuset);
                }

                self = false;
            }
        }

        using var online = HostFile.Read(roots.SysCpuOnline);
        return CpuList.Parse(online.WrittenSpan) ?? throw new InvalidDataException(roots.SysCpuOnline + ": malformed");
    }

    /// <summary>min(quota/period) over the cgroup and its ancestors, in CPUs; null when no level has a quota.</summary>
    public static double? ReadQuota(CgroupDirectory? cpu)
    {
        if (cpu is null)
        {
            return null;
        }

        double? minimum = null;
        var self = true;
        foreach (var dir in cpu.SelfAndAncestors())
        {
            if (!self && dir.Length == cpu.MountPoint.Length && HierarchyRoot.IsKernelRoot(cpu.MountPoint, cpu.IsUnified))
            {
                break;
            }

            var (present, quota) = cpu.IsUnified ? ReadCpuMax(dir) : ReadCfs(dir);
            if (self && !present)
            {
                RequireExists(cpu);
            }

            if (quota is { } q && (minimum is null || q < minimum))
            {
                minimum = q;
            }

            self = false;
        }

        return minimum;
    }

    /// <summary>v1: <c>cpuacct.usage_all</c> (or <c>usage_percpu</c>, all counted as user); v2: <c>cpu.stat</c>.</summary>
    public static CpuUsage? ReadUsage(CgroupDirectory? accounting)
    {
        if (accounting is null)
        {
            return null;
        }

        return accounting.IsUnified ? ReadCpuStat(accounting) : ReadCpuacct(accounting);
    }

    // Present: the file exists (a cgroup directory always has it where the kernel supports quotas).
    private static (bool Present, double? Quota) ReadCfs(string dir)
    {
        using var quotaText = HostFile.TryRead(dir + "/cpu.cfs_quota_us");
        if (quotaText is null)
        {
            return (false, null);
        }

        // No quota (-1) needs no period: one read fewer on every unlimited level.
        if (!Ascii.TryParseInt64(Ascii.FirstLine(quotaText.WrittenSpan), out var quota) || quota <= 0)
        {
            return (true, null);
        }

        using var periodText = HostFile.TryRead(dir + "/cpu.cfs_period_us");
        return periodText is not null && Ascii.TryParseInt64(Ascii.FirstLine(periodText.WrittenSpan), out var period) && period > 0
            ? (true, (double)quota / period)
            : (true, null);
    }

    private static (bool Present, double? Quota) ReadCpuMax(string dir)
    {
        using var text = HostFile.TryRead(dir + "/cpu.max");
        if (text is null)
        {
            return (false, null);
        }

        var rest = Ascii.FirstLine(text.WrittenSpan);
        var quotaText = Ascii.NextToken(ref rest);
        return Ascii.TryParseInt64(quotaText, out var quota) && Ascii.TryParseInt64(Ascii.NextToken(ref rest), out var period)
            && quota > 0 && period > 0 ? (true, (double)quota / period) : (true, null);
    }

    private static CpuUsage ReadCpuStat(CgroupDirectory cgroup)
    {
        using var text = HostFile.TryRead(cgroup.File("cpu.stat")) ?? ReadAfterCheck(cgroup, "cpu.stat");
        Ascii.TryFindKeyedValue(text.WrittenSpan, "user_usec "u8, out var user);
        Ascii.TryFindKeyedValue(text.WrittenSpan, "system_usec "u8, out var system);
        return new CpuUsage(null, null, user * 1000, system * 1000);
    }

    private static CpuUsage ReadCpuacct(CgroupDirectory cgroup)
    {
        using var all = HostFile.TryRead(cgroup.File("cpuacct.usage_all"));
        if (all is not null && ParseUsageAll(all.WrittenSpan) is { } usage)
        {
            return usage;
        }

        using var percpu = HostFile.TryRead(cgroup.File("cpuacct.usage_percpu")) ?? ReadAfterCheck(cgroup, "cpuacct.usage_percpu");
        var values = new List<ulong>();
        var rest = percpu.WrittenSpan;
        for (var token = Ascii.NextToken(ref rest); !token.IsEmpty; token = Ascii.NextToken(ref rest))
        {
            values.Add(Ascii.TryParseUInt64(token.TrimEnd("\n"u8), out var v) ? v : 0);
        }

        ulong[] user = [.. values];
        return new CpuUsage(user, new ulong[user.Length], Sum(user), 0);
    }

    // "cpu user system" then "<cpu> <user_ns> <system_ns>" per CPU. Two passes over the text (the size, then
    // the values) rather than a list of rows: this runs on every read of stat and uptime.
    private static CpuUsage? ParseUsageAll(ReadOnlySpan<byte> text)
    {
        var size = 0;
        var lines = new LineReader(text);
        while (lines.TryRead(out var line))
        {
            if (TryParseUsageRow(line, out var cpu, out _, out _))
            {
                size = Math.Max(size, cpu + 1);
            }
        }

        if (size == 0)
        {
            return null;
        }

        var users = new ulong[size];
        var systems = new ulong[size];
        lines = new LineReader(text);
        while (lines.TryRead(out var line))
        {
            if (TryParseUsageRow(line, out var cpu, out var user, out var system))
            {
                users[cpu] = user;
                systems[cpu] = system;
            }
        }

        return new CpuUsage(users, systems, Sum(users), Sum(systems));
    }

    private static bool TryParseUsageRow(ReadOnlySpan<byte> line, out int cpu, out ulong user, out ulong system)
    {
        var rest = line;
        cpu = 0;
        user = 0;
        system = 0;
        if (!Ascii.TryParseUInt64(Ascii.NextToken(ref rest), out var id) || id >= 65536
            || !Ascii.TryParseUInt64(Ascii.NextToken(ref rest), out user)
            || !Ascii.TryParseUInt64(Ascii.NextToken(ref rest), out system))
        {
            return false;
        }

        cpu = (int)id;
        return true;
    }

    private static ulong Sum(ulong[] values)
    {
        ulong sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum;
    }

    // A file every cgroup of the hierarchy has is missing: the cgroup was removed (DirectoryNotFoundException),
    // or the kernel lacks the file (FileNotFoundException, as when it was read without the check).
    private static PooledBufferWriter ReadAfterCheck(CgroupDirectory cgroup, string name)
    {
        RequireExists(cgroup);
        return HostFile.Read(cgroup.File(name));
    }

    // Only called once a file of the cgroup itself was missing: a removed cgroup must not be answered by its
    // ancestors' files, and a stat on every read would cost a path walk for nothing.
    private static void RequireExists(CgroupDirectory cgroup)
    {
        if (!Directory.Exists(cgroup.Path))
        {
            throw new DirectoryNotFoundException(cgroup.Path);
        }
    }
}
