using Lxcfs.Proc.Cgroups;
using Lxcfs.Proc.Loadavg;
using Lxcfs.Proc.Rendering;
using Lxcfs.Proc.Views;

namespace Lxcfs.Proc.Tests.Views;

/// <summary>The views' memory as one daemon instance hands it to the next.</summary>
public sealed class ViewStateCodecTests
{
    private static readonly ViewState State = new(
        [
            new LoadavgHistory(new CgroupDirectory("/sys/fs/cgroup/cpu/kubepods/pod1/ct", "/sys/fs/cgroup/cpu", false), 2, new LoadAverage(1843, 900, 12)),
            new LoadavgHistory(new CgroupDirectory("/sys/fs/cgroup/unified/ü", "/sys/fs/cgroup/unified", true), 1, new LoadAverage(0, 0, 0)),
        ],
        [
            KeyValuePair.Create("/sys/fs/cgroup/cpuacct/ct#4242", new[] { new CpuTimes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), new CpuTimes(11, 0, 0, ulong.MaxValue, 0, 0, 0, 0, 0, 0) }),
        ]);

    [Fact]
    public void Every_load_average_and_every_cpu_line_shown_survive_a_round_trip()
    {
        var decoded = ViewStateCodec.Decode(ViewStateCodec.Encode(State));

        decoded.Loadavg.Should().Equal(State.Loadavg);
        decoded.ShownCpuTimes.Should().ContainSingle().Which.Key.Should().Be("/sys/fs/cgroup/cpuacct/ct#4242");
        decoded.ShownCpuTimes[0].Value.Should().Equal(State.ShownCpuTimes[0].Value);
    }

    [Fact]
    public void No_bytes_is_the_first_release_which_sent_none()
    {
        ViewStateCodec.Decode([]).Should().Be(ViewState.Empty);
    }

    [Fact]
    public void Every_truncation_and_any_other_format_is_an_invalid_data_error()
    {
        var bytes = ViewStateCodec.Encode(State);

        for (var length = 1; length < bytes.Length; length++)
        {
            var decode = () => ViewStateCodec.Decode(bytes.AsSpan(0, length));
            decode.Should().Throw<InvalidDataException>($"{length} of {bytes.Length} bytes");
        }

        var other = (byte[])bytes.Clone();
        other[7] = (byte)'9';
        var decodeOther = () => ViewStateCodec.Decode(other);
        decodeOther.Should().Throw<InvalidDataException>().WithMessage("*format this version does not read*");
        var longer = () => ViewStateCodec.Decode([.. bytes, 0]);
        longer.Should().Throw<InvalidDataException>().WithMessage("*past its end*");
    }
}
