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
            RequireExists(cpuset);
            var names = cpuset.IsUnified ? s_v2CpusetFiles : s_v1CpusetFiles;
            foreach (var dir in cpuset.SelfAndAncestors())
            {
                foreach (var name in names)
                {
                    using var text = HostFile.TryRead(dir + "/" + name);
                    if (text is not null && CpuList.Parse(text.WrittenSpan) is { Length: > 0 } cpus)
                    {
                        return cpus;
                    }
                }
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

        RequireExists(cpu);
        double? minimum = null;
        foreach (var dir in cpu.SelfAndAncestors())
        {
            var quota = cpu.IsUnified ? ReadCpuMax(dir) : ReadCfs(dir);
            if (quota is { } q && (minimum is null || q < minimum))
            {
                minimum = q;
            }
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

        RequireExists(accounting);
        return accounting.IsUnified ? ReadCpuStat(accounting) : ReadCpuacct(accounting);
    }

    private static double? ReadCfs(string dir)
    {
        using var quotaText = HostFile.TryRead(dir + "/cpu.cfs_quota_us");
        using var periodText = HostFile.TryRead(dir + "/cpu.cfs_period_us");
        if (quotaText is null || periodText is null
            || !Ascii.TryParseInt64(Ascii.FirstLine(quotaText.WrittenSpan), out var quota)
            || !Ascii.TryParseInt64(Ascii.FirstLine(periodText.WrittenSpan), out var period))
        {
            return null;
        }

        return quota > 0 && period > 0 ? (double)quota / period : null;
    }

    private static double? ReadCpuMax(string dir)
    {
        using var text = HostFile.TryRead(dir + "/cpu.max");
        if (text is null)
        {
            return null;
        }

        var rest = Ascii.FirstLine(text.WrittenSpan);
        var quotaText = Ascii.NextToken(ref rest);
        return Ascii.TryParseInt64(quotaText, out var quota) && Ascii.TryParseInt64(Ascii.NextToken(ref rest), out var period)
            && quota > 0 && period > 0 ? (double)quota / period : null;
    }

    private static CpuUsage ReadCpuStat(CgroupDirectory cgroup)
    {
        using var text = HostFile.Read(cgroup.File("cpu.stat"));
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

        using var percpu = HostFile.Read(cgroup.File("cpuacct.usage_percpu"));
        var values = new List<ulong>();
        var rest = percpu.WrittenSpan;
        for (var token = Ascii.NextToken(ref rest); !token.IsEmpty; token = Ascii.NextToken(ref rest))
        {
            values.Add(Ascii.TryParseUInt64(token.TrimEnd("\n"u8), out var v) ? v : 0);
        }

        ulong[] user = [.. values];
        return new CpuUsage(user, new ulong[user.Length], Sum(user), 0);
    }

    // "cpu user system" then "<cpu> <user_ns> <system_ns>" per CPU.
    private static CpuUsage? ParseUsageAll(ReadOnlySpan<byte> text)
    {
        var rows = new List<(int Cpu, ulong User, ulong System)>();
        var lines = new LineReader(text);
        while (lines.TryRead(out var line))
        {
            var rest = line;
            if (Ascii.TryParseUInt64(Ascii.NextToken(ref rest), out var cpu) && cpu < 65536
                && Ascii.TryParseUInt64(Ascii.NextToken(ref rest), out var user)
                && Ascii.TryParseUInt64(Ascii.NextToken(ref rest), out var system))
            {
                rows.Add(((int)cpu, user, system));
            }
        }

        if (rows.Count == 0)
        {
            return null;
        }

        var size = rows.Max(r => r.Cpu) + 1;
        var users = new ulong[size];
        var systems = new ulong[size];
        foreach (var (cpu, user, system) in rows)
        {
            users[cpu] = user;
            systems[cpu] = system;
        }

        return new CpuUsage(users, systems, Sum(users), Sum(systems));
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

    private static void RequireExists(CgroupDirectory cgroup)
    {
        if (!Directory.Exists(cgroup.Path))
        {
            throw new DirectoryNotFoundException(cgroup.Path);
        }
    }
}
