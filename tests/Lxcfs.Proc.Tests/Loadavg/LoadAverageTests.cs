using System.Buffers;
using System.Text;
using Lxcfs.Proc.Loadavg;

namespace Lxcfs.Proc.Tests.Loadavg;

public sealed class LoadAverageTests
{
    [Fact]
    public void Step_TwoBusyTasksFromZero_ReproducesTheKernelsFixedPointSequence()
    {
        // The sequence lxcfs 5.0.3 printed live for two busy loops under a 0.5 CPU quota (behaviour doc §3.6).
        var average = default(LoadAverage);
        var shown = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            average = average.Step(2);
            shown.Add(Format(average));
        }

        shown.Should().Equal("0.16 0.03 0.01", "0.31 0.07 0.02", "0.44 0.10 0.03", "0.57 0.13 0.04",
            "0.68 0.16 0.05", "0.79 0.19 0.06", "0.89 0.22 0.08");
    }

    [Fact]
    public void Step_IdleAfterLoad_DecaysWithoutRoundingUp()
    {
        var loaded = new LoadAverage(2 * LoadAverage.Fixed1, 2 * LoadAverage.Fixed1, 2 * LoadAverage.Fixed1);

        var next = loaded.Step(0);

        next.Should().Be(new LoadAverage(2 * 1884, 2 * 2014, 2 * 2037));
        Format(next).Should().Be("1.84 1.97 1.99");
    }

    [Fact]
    public void CalcLoad_MatchesTheKernelFormula()
    {
        LoadAverage.CalcLoad(0, LoadAverage.Exp1, 1 * LoadAverage.Fixed1).Should().Be(((2048UL * (2048 - 1884)) + 2047) / 2048);
        LoadAverage.CalcLoad(4096, LoadAverage.Exp1, 0).Should().Be(4096UL * 1884 / 2048);
    }

    [Fact]
    public void Reading_Next_StepsTheAverageWithActiveTasks_AndShowsTheNewCensus()
    {
        var reading = new LoadavgReading(default, new TaskSample(0, 0, 1, 1));

        var next = reading.Next(new TaskSample(Running: 1, Active: 2, Total: 5, LastPid: 17));

        var output = new ArrayBufferWriter<byte>();
        next.WriteTo(output);
        Encoding.ASCII.GetString(output.WrittenSpan).Should().Be("0.16 0.03 0.01 1/5 17\n");
    }

    private static string Format(LoadAverage average)
    {
        var output = new ArrayBufferWriter<byte>();
        average.WriteTo(output);
        return Encoding.ASCII.GetString(output.WrittenSpan);
    }
}
