using System.Globalization;
using Lxcfs.Testing;

namespace Lxcfs.Daemon.Tests;

/// <summary>
/// Under Kubernetes on cgroup v2 the daemon runs in a private cgroup namespace. Its readers join pid 1's,
/// so a container's limits are still found (here on v1, whose controllers honour cgroup namespaces too).
/// </summary>
public sealed class CgroupNamespaceTests
{
    [Fact]
    public void A_daemon_in_its_own_cgroup_namespace_still_serves_the_container_its_limit()
    {
        DaemonProcess.RequirePrerequisites();
        var memory = "/sys/fs/cgroup/memory";
        Lxcfs.Testing.Prerequisite.RequireFile(memory + "/cgroup.procs", "a cgroup v1 memory hierarchy");
        var group = $"{memory}/lxcfs-test-cgns-{Guid.NewGuid():N}"[..(memory.Length + 30)];
        Directory.CreateDirectory(group + "/daemon");
        Directory.CreateDirectory(group + "/ct");
        File.WriteAllText(group + "/ct/memory.limit_in_bytes", (200 * 1024 * 1024).ToString(CultureInfo.InvariantCulture));
        System.Diagnostics.Process? container = null;
        try
        {
            // pid 1 of this machine may not let us read its namespaces: the test process stands for the host.
            using var daemon = DaemonProcess.Start(
                extraArgs: ["--cgroupns-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)],
                shellPrefix: $"echo $$ > {group}/daemon/cgroup.procs && exec unshare --cgroup \"$@\"");
            daemon.Stderr.Should().Contain("readers join pid 1's");
            container = System.Diagnostics.Process.Start("/bin/sh", ["-c", $"echo $$ > {group}/ct/cgroup.procs && exec unshare --pid --fork --mount-proc sleep 60"]);
            var init = WaitForChild(container.Id);

            var meminfo = ProcessRunner.Run("nsenter", ["-t", init.ToString(CultureInfo.InvariantCulture), "-p", "--", "head", "-1", daemon.MountPoint + "/proc/meminfo"]);

            meminfo.Stdout.Should().MatchRegex(@"^MemTotal:\s+204800 kB\n$");
        }
        finally
        {
            if (container is not null)
            {
                container.Kill(entireProcessTree: true);
                container.WaitForExit();
            }

            foreach (var dir in new[] { group + "/ct", group + "/daemon", group })
            {
                for (var i = 0; i < 50 && Directory.Exists(dir); i++)
                {
                    try
                    {
                        Directory.Delete(dir);
                    }
                    catch (IOException)
                    {
                        Thread.Sleep(100);
                    }
                }
            }
        }
    }

    // unshare --fork: the init of the new pid namespace is unshare's child.
    private static int WaitForChild(int parent)
    {
        for (var i = 0; i < 100; i++)
        {
            var children = File.ReadAllText($"/proc/{parent}/task/{parent}/children").Trim();
            if (children.Length > 0)
            {
                return int.Parse(children.Split(' ')[0], CultureInfo.InvariantCulture);
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException("the container's init did not start");
    }
}
