using Lxcfs.Proc.Cgroups;

namespace Lxcfs.Proc.Rendering;

/// <summary>
/// Per visible CPU times from the cgroup's usage. With per-CPU accounting (v1 cpuacct) each visible CPU
/// gets its own figures and the time spent on cpuset CPUs beyond the quota cap is shared among them;
/// without (v2 <c>cpu.stat</c>) the totals are spread evenly. Idle is the container's age minus the
/// CPU's busy time, so the stat lines add up to what <c>/proc/uptime</c> says.
/// </summary>
public static class CpuTimeCalculator
{
    public const ulong NanosecondsPerTick = 10_000_000; // USER_HZ = 100

    public static CpuTimes[] Compute(ReadOnlySpan<int> visible, CpuUsage usage, ulong ageTicks)
    {
        var n = visible.Length;
        var user = new ulong[n];
        var system = new ulong[n];
        if (usage.PerCpuUser is { } perUser && usage.PerCpuSystem is { } perSystem)
        {
            ulong visibleUser = 0, visibleSystem = 0;
            for (var i = 0; i < n; i++)
            {
                user[i] = At(perUser, visible[i]);
                system[i] = At(perSystem, visible[i]);
                visibleUser += user[i];
                visibleSystem += system[i];
            }

            Spread(user, usage.User > visibleUser ? usage.User - visibleUser : 0);
            Spread(system, usage.System > visibleSystem ? usage.System - visibleSystem : 0);
        }
        else
        {
            Spread(user, usage.User);
            Spread(system, usage.System);
        }

        var times = new CpuTimes[n];
        for (var i = 0; i < n; i++)
        {
            var u = user[i] / NanosecondsPerTick;
            var s = system[i] / NanosecondsPerTick;
            var busy = u + s;
            times[i] = new CpuTimes { User = u, System = s, Idle = ageTicks > busy ? ageTicks - busy : 0 };
        }

        return times;
    }

    private static ulong At(ulong[] values, int cpu) => cpu < values.Length ? values[cpu] : 0;

    private static void Spread(ulong[] target, ulong amount)
    {
        var n = (ulong)target.Length;
        if (n == 0)
        {
            return;
        }

        var share = amount / n;
        var remainder = amount % n;
        for (var i = 0; i < target.Length; i++)
        {
            target[i] += share + ((ulong)i < remainder ? 1UL : 0UL);
        }
    }
}
