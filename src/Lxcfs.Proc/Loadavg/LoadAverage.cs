using System.Buffers;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Loadavg;

/// <summary>
/// The kernel's 1/5/15-minute load averages in fixed point (kernel/sched/loadavg.c): 11 fraction bits,
/// one step per 5-second sample.
/// </summary>
public readonly record struct LoadAverage(ulong One, ulong Five, ulong Fifteen)
{
    public const int FShift = 11;
    public const ulong Fixed1 = 1UL << FShift;
    public const ulong Exp1 = 1884;
    public const ulong Exp5 = 2014;
    public const ulong Exp15 = 2037;

    /// <summary>The averages after one sample with <paramref name="active"/> runnable or uninterruptible tasks.</summary>
    public LoadAverage Step(int active)
    {
        var scaled = (ulong)Math.Max(0, active) * Fixed1;
        return new LoadAverage(CalcLoad(One, Exp1, scaled), CalcLoad(Five, Exp5, scaled), CalcLoad(Fifteen, Exp15, scaled));
    }

    /// <summary>calc_load(): load·e + active·(1−e), rounded up while the load is rising.</summary>
    public static ulong CalcLoad(ulong load, ulong exp, ulong active)
    {
        var next = (load * exp) + (active * (Fixed1 - exp));
        if (active >= load)
        {
            next += Fixed1 - 1;
        }

        return next / Fixed1;
    }

    /// <summary>Writes <c>"a.aa b.bb c.cc"</c> the way <c>/proc/loadavg</c> rounds (LOAD_INT/LOAD_FRAC of x + FIXED_1/200).</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        WriteOne(output, One);
        output.WriteByte((byte)' ');
        WriteOne(output, Five);
        output.WriteByte((byte)' ');
        WriteOne(output, Fifteen);
    }

    private static void WriteOne(IBufferWriter<byte> output, ulong value)
    {
        var x = value + (Fixed1 / 200);
        output.WriteNumber(x >> FShift);
        output.WriteByte((byte)'.');
        var fraction = ((x & (Fixed1 - 1)) * 100) >> FShift;
        if (fraction < 10)
        {
            output.WriteByte((byte)'0');
        }

        output.WriteNumber(fraction);
    }
}
