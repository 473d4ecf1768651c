using System.Buffers;
using System.Text;
using Lxcfs.Proc.Views;

namespace Lxcfs.Proc.Tests.Fixtures;

public static class ViewReader
{
    public const ulong ContainerNs = 4026532001;
    public const int InitPid = 500;
    public const int ChildPid = 501;

    /// <summary>What <paramref name="file"/> reads as for <paramref name="pid"/>.</summary>
    public static string Read(this IViewSource source, ViewFile file, int pid = ChildPid)
    {
        var output = new ArrayBufferWriter<byte>();
        source.Render(file, pid, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>A container: init 500 (pid 1 inside, started at <paramref name="initStartTicks"/>) and its child 501, both in <paramref name="cgroupFile"/>.</summary>
    public static FakeHost Container(this FakeHost host, string cgroupFile, ulong initStartTicks = 90_000)
    {
        return host.Process(1, 0, FakeHost.HostPidNamespace, [1], 1, "0::/\n")
            .Process(400, 1, FakeHost.HostPidNamespace, [400], 50, "0::/\n")
            .Process(InitPid, 400, ContainerNs, [InitPid, 1], initStartTicks, cgroupFile)
            .Process(ChildPid, InitPid, ContainerNs, [ChildPid, 2], initStartTicks + 10, cgroupFile);
    }

    /// <summary>The v1 cgroup file of a process whose cgroup is <paramref name="path"/> in every hierarchy.</summary>
    public static string V1CgroupFile(string path, bool coMountedCpu = false) => coMountedCpu
        ? $"7:blkio:{path}\n5:memory:{path}\n3:cpuset:{path}\n2:cpu,cpuacct:{path}\n1:name=systemd:{path}\n0::/\n"
        : $"7:blkio:{path}\n5:memory:{path}\n3:cpuset:{path}\n2:cpuacct:{path}\n1:cpu:{path}\n0::/\n";
}
