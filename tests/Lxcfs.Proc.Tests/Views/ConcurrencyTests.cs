using Lxcfs.Proc.Tests.Fixtures;
using Lxcfs.Proc.Views;

namespace Lxcfs.Proc.Tests.Views;

public sealed class ConcurrencyTests : IDisposable
{
    private readonly FakeHost _host = FakeHost.V2()
        .Cgroup("", "/", ("cpuset.cpus.effective", "0-3\n"))
        .Cgroup("", "/ct", ("memory.max", "536870912\n"), ("memory.current", "1048576\n"), ("memory.stat", "file 0\n"),
            ("cpu.max", "250000 100000\n"), ("cpu.stat", "usage_usec 10\nuser_usec 6\nsystem_usec 4\n"))
        .Container("0::/ct\n");

    public void Dispose() => _host.Dispose();

    [Fact]
    public void EightThreadsRenderingEveryView_GetTheSameBytesAsOneThread()
    {
        var source = new ContainerViewSource(new ViewOptions(), _host.Roots);
        var expected = ServedFiles.All.ToDictionary(f => f.File, f => source.Read(f.File));

        var mismatches = 0;
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 50; i++)
            {
                foreach (var file in Enum.GetValues<ViewFile>())
                {
                    if (source.Read(file) != expected[file])
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }
            }
        });

        mismatches.Should().Be(0);
        expected[ViewFile.SysCpuOnline].Should().Be("0-2\n");
        source.FallbackCount.Should().Be(0);
    }
}
