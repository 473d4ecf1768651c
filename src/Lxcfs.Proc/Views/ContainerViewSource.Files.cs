using System.Buffers;
using Lxcfs.Buffers;
using Lxcfs.Proc.Cgroups;
using Lxcfs.Proc.Containers;
using Lxcfs.Proc.IO;
using Lxcfs.Proc.Rendering;

namespace Lxcfs.Proc.Views;

// One method per view: read everything first, then call the pure renderer. False = serve the host file.
public sealed partial class ContainerViewSource
{
    internal bool RenderMeminfo(Container container, PooledBufferWriter output)
    {
        if (container.Locate(Layout, "memory") is not { } cgroup)
        {
            return false;
        }

        using var host = HostFile.Read(_roots.HostPath(ViewFile.ProcMeminfo));
        var memory = MemoryReader.Read(cgroup, V2MemoryLimits(container, cgroup), SwapCanShow(host.WrittenSpan));
        MeminfoRenderer.Render(host.WrittenSpan, memory, _options.DisableSwap, output);
        return true;
    }

    internal bool RenderSwaps(Container container, PooledBufferWriter output)
    {
        if (container.Locate(Layout, "memory") is not { } cgroup)
        {
            return false;
        }

        using var meminfo = HostFile.Read(_roots.HostPath(ViewFile.ProcMeminfo));
        var header = SwapsHeader();
        if (!SwapCanShow(meminfo.WrittenSpan))
        {
            SwapsRenderer.RenderHeader(header, output); // no swap to show: the cgroup's memory is not needed
            return true;
        }

        var memory = MemoryReader.Read(cgroup, V2MemoryLimits(container, cgroup));
        SwapsRenderer.Render(header, meminfo.WrittenSpan, memory, _options.DisableSwap, output);
        return true;
    }

    internal bool RenderCpuinfo(Container container, PooledBufferWriter output)
    {
        var visible = Visible(container);
        var host = _hostCpuinfo.Read().Span;
        if (!CpuinfoRenderer.CanRender(host))
        {
            return false;
        }

        CpuinfoRenderer.Render(host, visible, output);
        return true;
    }

    internal bool RenderOnline(Container container, PooledBufferWriter output)
    {
        CpuList.Write(output, Visible(container));
        return true;
    }

    /// <summary>
    /// The cgroup's own slab caches (v1 <c>memory.kmem.slabinfo</c>) when the kernel fills that file; it is empty
    /// on current kernels and absent on v2, which keep no per-cgroup slabinfo: then the host's, as LXCFS does.
    /// </summary>
    internal bool RenderSlabinfo(Container container, PooledBufferWriter output)
    {
        if (container.Locate(Layout, "memory") is not { IsUnified: false } cgroup)
        {
            return false;
        }

        return CopyIfFilled(cgroup.File("memory.kmem.slabinfo"), output);
    }

    /// <summary>
    /// The container's own <c>cpu.pressure</c>, <c>io.pressure</c> or <c>memory.pressure</c> from its unified cgroup
    /// (on hybrid hosts too); the host's file when it has none (root cgroup, or a kernel without PSI).
    /// </summary>
    internal bool RenderPressure(Container container, string file, PooledBufferWriter output)
    {
        if (container.LocateUnified(Layout) is not { } cgroup)
        {
            return false;
        }

        return CopyIfFilled(cgroup.File(file), output);
    }

    // A cgroup file served as it is: false (the host's file) when it is missing, unreadable or empty. Read
    // aside first, so that a read failing part-way leaves nothing in the output.
    private static bool CopyIfFilled(string path, PooledBufferWriter output)
    {
        using var content = new PooledBufferWriter();
        if (HostFile.TryCopyTo(path, content, out var length) != 0 || length == 0)
        {
            return false;
        }

        output.Write(content.WrittenSpan);
        return true;
    }

    // The kernel's empty list: possible minus online.
    internal static bool RenderOffline(PooledBufferWriter output)
    {
        output.Write("\n"u8);
        return true;
    }

    internal bool RenderStat(Container container, PooledBufferWriter output)
    {
        var visible = Visible(container);
        var accounting = Accounting(container);
        var usage = CpuReader.ReadUsage(accounting);
        using var host = HostFile.Read(_roots.HostPath(ViewFile.ProcStat));
        CpuTimes[] times;
        if (usage is null)
        {
            times = StatRenderer.HostCpuTimes(host.WrittenSpan, visible);
        }
        else
        {
            var ageTicks = (ulong)(AgeSeconds(container) * UptimeRenderer.TicksPerSecond);
            times = CpuTimeCalculator.Compute(visible, usage, ageTicks);
            var generation = container.Init.IsDaemonNamespace ? 0 : container.Init.StartTime;
            _ledger.Apply(accounting!.Path + "#" + generation.ToString(System.Globalization.CultureInfo.InvariantCulture), times);
        }

        StatRenderer.Render(host.WrittenSpan, visible, times, output);
        return true;
    }

    internal bool RenderUptime(Container container, PooledBufferWriter output)
    {
        if (container.Init.IsDaemonNamespace)
        {
            return false; // the host's own uptime is the right answer for the host's pid namespace
        }

        var visible = Visible(container);
        var busy = CpuReader.ReadUsage(Accounting(container))?.Total ?? 0;
        UptimeRenderer.Render(AgeSeconds(container), visible.Length, busy / 1e9, output);
        return true;
    }

    internal bool RenderDiskstats(Container container, PooledBufferWriter output)
    {
        if (container.Locate(Layout, "blkio") is not { } cgroup || IoReader.Read(cgroup) is not { } devices)
        {
            return false;
        }

        using var host = HostFile.Read(_roots.HostPath(ViewFile.ProcDiskstats));
        DiskstatsRenderer.Render(host.WrittenSpan, devices, output);
        return true;
    }

    internal bool RenderLoadavg(Container container, PooledBufferWriter output)
    {
        if (!_options.EnableLoadavg || _loadavg is null || container.Locate(Layout, "cpu") is not { } cgroup
            || _loadavg.Read(cgroup, container.Init.NamespaceDepth) is not { } reading)
        {
            return false;
        }

        reading.WriteTo(output);
        return true;
    }

    private int[] Visible(Container container) =>
        _visibleCpus.Get(container, this, static (c, self) => self.ComputeVisible(c));

    // Shown swap is capped at the host's: on a host without swap (most Kubernetes nodes) the cgroup's swap
    // files cannot change a byte of the output, so they are not read.
    private bool SwapCanShow(ReadOnlySpan<byte> hostMeminfo) =>
        !_options.DisableSwap && MeminfoRenderer.HostKb(hostMeminfo, "SwapTotal:"u8) > 0;

    // /proc/swaps is read only for its header, which the running kernel never changes: read once.
    private byte[] SwapsHeader()
    {
        if (Volatile.Read(ref _swapsHeader) is { } header)
        {
            return header;
        }

        using var swaps = HostFile.Read(_roots.HostPath(ViewFile.ProcSwaps));
        header = SwapsRenderer.Header(swaps.WrittenSpan).ToArray();
        Volatile.Write(ref _swapsHeader, header);
        return header;
    }

    /// <summary>v2 memory limits, read once per resolved container like its CPUs; null on v1 (they come with memory.stat).</summary>

    private MemoryLimits? V2MemoryLimits(Container container, CgroupDirectory cgroup) =>
        cgroup.IsUnified ? _memoryLimits.Get(container, cgroup, static (_, dir) => MemoryReader.ReadV2Limits(dir)) : null;

    private int[] ComputeVisible(Container container)
    {
        var cpuset = CpuReader.ReadCpuset(container.Locate(Layout, "cpuset"), _roots);
        var quota = _options.EnableCfs ? CpuReader.ReadQuota(container.Locate(Layout, "cpu")) : null;
        return VisibleCpus.Compute(cpuset, quota, _options.EnableCfs);
    }

    private CgroupDirectory? Accounting(Container container) =>
        container.Locate(Layout, Layout.Mode == CgroupMode.Unified ? "cpu" : "cpuacct");

    private double AgeSeconds(Container container)
    {
        var hostUptime = HostUptime.Seconds(_roots);
        return container.Init.IsDaemonNamespace ? hostUptime : UptimeRenderer.AgeSeconds(hostUptime, container.Init.StartTime);
    }
}
