using System.Buffers;
using Lxcfs.Proc.Text;

namespace Lxcfs.Proc.Loadavg;

/// <summary>What <c>/proc/loadavg</c> shows for one container.</summary>
public sealed record LoadavgReading(LoadAverage Average, TaskSample Sample)
{
    /// <summary>The pure sampling step: decay the averages with the new census, keep the census for display.</summary>
    public LoadavgReading Next(TaskSample sample) => new(Average.Step(sample.Active), sample);

    /// <summary><c>"0.89 0.22 0.08 2/5 1234\n"</c>.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        Average.WriteTo(output);
        output.WriteByte((byte)' ');
        output.WriteNumber((ulong)Sample.Running);
        output.WriteByte((byte)'/');
        output.WriteNumber((ulong)Sample.Total);
        output.WriteByte((byte)' ');
        output.WriteNumber((ulong)Sample.LastPid);
        output.WriteByte((byte)'\n');
    }
}
