using Lxcfs.Proc.Cgroups;
using Lxcfs.Proc.Loadavg;
using Lxcfs.Proc.Tests.Fixtures;
using Lxcfs.Proc.Views;

namespace Lxcfs.Proc.Tests.Loadavg;

public sealed class LoadavgSamplerTests : IDisposable
{
    private const ulong Ns = 4026532010;
    private readonly FakeHost _host = FakeHost.V1();

    public LoadavgSamplerTests()
    {
        // cpu/ct holds init 500 (sleeping, thread 502 running) and 450, a runtime helper outside the
        // container's pid namespace (running); cpu/ct/sub holds 510 (D) and 511 (R).
        _host.Cgroup("cpu", "/ct", ("cgroup.procs", "450\n500\n"))
            .Cgroup("cpu", "/ct/sub", ("cgroup.procs", "510\n511\n"))
            .Cgroup("cpuset", "/", ("cpuset.cpus", "0-3\n"))
            .Process(400, 1, FakeHost.HostPidNamespace, [400], 50, "0::/\n")
            .Process(450, 400, FakeHost.HostPidNamespace, [450], 900, ViewReader.V1CgroupFile("/ct"), 'R')
            .Process(500, 400, Ns, [500, 1], 1000, ViewReader.V1CgroupFile("/ct"), 'S', threads: [502])
            .Process(510, 500, Ns, [510, 7], 1100, ViewReader.V1CgroupFile("/ct/sub"), 'D')
            .Process(511, 500, Ns, [511, 9], 1200, ViewReader.V1CgroupFile("/ct/sub"), 'R');
        _host.Write("proc/500/task/502/status", "Name:\tw\nState:\tR (running)\nPPid:\t400\nNSpid:\t502\t3\n");
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public void TaskCensus_CountsThreadsOfTheWholeSubtreeInsideThePidNamespace_InContainerPidTerms()
    {
        var cgroup = new CgroupDirectory(_host.CgroupRoot + "/cpu/ct", _host.CgroupRoot + "/cpu", false);

        TaskCensus.Take(_host.Roots, cgroup, namespaceDepth: 2).Should().Be(new TaskSample(Running: 2, Active: 3, Total: 4, LastPid: 9));
        TaskCensus.Take(_host.Roots, cgroup, namespaceDepth: 1).Should().Be(new TaskSample(Running: 3, Active: 4, Total: 5, LastPid: 511),
            "seen from the host's namespace, the helper counts too and pids are host pids");
    }

    [Fact]
    public void Sampler_FirstReadShowsZeroAveragesWithACurrentCensus_ThenEachPassSteps_AndAGoneCgroupIsForgotten()
    {
        var sampler = new LoadavgSampler(_host.Roots);
        var source = new ContainerViewSource(new ViewOptions(EnableLoadavg: true), _host.Roots, sampler);

        source.Read(ViewFile.ProcLoadavg, pid: 510).Should().Be("0.00 0.00 0.00 2/4 9\n");
        sampler.SampleAll();
        source.Read(ViewFile.ProcLoadavg, pid: 511).Should().Be("0.24 0.05 0.02 2/4 9\n");

        Directory.Delete(_host.CgroupRoot + "/cpu/ct", recursive: true);
        sampler.SampleAll();

        sampler.TrackedCount.Should().Be(0);
        source.Read(ViewFile.ProcLoadavg, pid: 510).Should().Be(HostFiles.Loadavg, "a container whose cgroup vanished gets the host file");
    }

    [Fact]
    public void Sampler_ACgroupLeftWithoutContainerTasks_IsForgotten_SoTheNextContainerInItStartsAfresh()
    {
        var sampler = new LoadavgSampler(_host.Roots);
        var source = new ContainerViewSource(new ViewOptions(EnableLoadavg: true), _host.Roots, sampler);
        source.Read(ViewFile.ProcLoadavg, pid: 510).Should().Be("0.00 0.00 0.00 2/4 9\n");
        sampler.SampleAll();

        // The container exits; only the runtime helper (outside its pid namespace) stays in the cgroup.
        _host.Cgroup("cpu", "/ct", ("cgroup.procs", "450\n")).Cgroup("cpu", "/ct/sub", ("cgroup.procs", ""));
        sampler.SampleAll();
        _host.Cgroup("cpu", "/ct", ("cgroup.procs", "450\n600\n"))
            .Process(600, 400, Ns + 1, [600, 1], 5000, ViewReader.V1CgroupFile("/ct"), 'R');

        sampler.TrackedCount.Should().Be(0);
        source.Read(ViewFile.ProcLoadavg, pid: 600).Should().Be("0.00 0.00 0.00 1/1 1\n", "the new container's own census, not the last one's averages and '0/0 0'");
    }

    [Fact]
    public void WithoutEnableLoadavg_TheHostFileIsServed()
    {
        var source = new ContainerViewSource(new ViewOptions(EnableLoadavg: false), _host.Roots, new LoadavgSampler(_host.Roots));

        source.Read(ViewFile.ProcLoadavg, pid: 510).Should().Be(HostFiles.Loadavg);
    }

    [Fact]
    public async Task Start_TheTimerSamplesEveryInterval_AndStopReturnsPromptly()
    {
        var sampler = new LoadavgSampler(_host.Roots, TimeSpan.FromMilliseconds(20));
        var source = new ContainerViewSource(new ViewOptions(EnableLoadavg: true), _host.Roots, sampler);
        source.Read(ViewFile.ProcLoadavg, pid: 510).Should().StartWith("0.00 0.00 0.00 ");

        sampler.Start();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (source.Read(ViewFile.ProcLoadavg, pid: 510).StartsWith("0.00 ", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        var stop = sampler.StopAsync();
        (await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken))).Should().BeSameAs(stop);
        source.Read(ViewFile.ProcLoadavg, pid: 510).Should().NotStartWith("0.00 ", "the timer stepped the averages without anyone calling SampleAll");
    }
}
