using System.Buffers;
using System.Text;
using Lxcfs.Daemon.Hosting;
using Lxcfs.Proc.Views;

namespace Lxcfs.Daemon.Tests;

/// <summary>The SIGUSR2 toggle's view source, between a per-container source and the host's.</summary>
public sealed class VirtualizationSwitchTests
{
    private readonly NamedSource _containers = new("container");
    private readonly NamedSource _host = new("host");

    [Fact]
    public void It_starts_virtualized_and_each_toggle_flips_what_every_file_is_rendered_from()
    {
        var virtualization = new VirtualizationSwitch(_containers, _host);

        virtualization.Virtualized.Should().BeTrue("an instance starts with per-container views, as LXCFS does");
        Rendered(virtualization, ViewFile.ProcMeminfo).Should().Be("container");

        virtualization.Toggle().Should().BeFalse();
        Enum.GetValues<ViewFile>().Select(f => Rendered(virtualization, f)).Should().AllBe("host", "switched off, /sys is the host's file too");

        virtualization.Toggle().Should().BeTrue();
        Rendered(virtualization, ViewFile.SysCpuOnline).Should().Be("container");
    }

    [Fact]
    public void The_hand_off_state_is_always_the_containers_whatever_the_mode()
    {
        var virtualization = new VirtualizationSwitch(_containers, _host);
        virtualization.Toggle();

        virtualization.ExportState().Should().BeSameAs(_containers.Exported);
        virtualization.ImportState(ViewState.Empty).Should().Be(7);
        _containers.Imported.Should().BeSameAs(ViewState.Empty);
        _host.Imported.Should().BeNull();
    }

    private static string Rendered(VirtualizationSwitch source, ViewFile file)
    {
        var output = new ArrayBufferWriter<byte>();
        source.Render(file, callerPid: 1234, output);
        return Encoding.ASCII.GetString(output.WrittenSpan);
    }

    private sealed class NamedSource(string name) : IViewSource
    {
        public ViewState Exported { get; } = new([], []);

        public ViewState? Imported { get; private set; }

        public void Render(ViewFile file, int callerPid, IBufferWriter<byte> output) => output.Write(Encoding.ASCII.GetBytes(name));

        public ViewState ExportState() => Exported;

        public int ImportState(ViewState state)
        {
            Imported = state;
            return 7;
        }
    }
}
