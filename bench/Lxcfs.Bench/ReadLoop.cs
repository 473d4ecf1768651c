using System.Diagnostics;
using System.Runtime.InteropServices;
using Lxcfs.Interop;

namespace Lxcfs.Bench;

/// <summary>
/// open + read-to-EOF + close of one file, the way procps tools and most runtimes read /proc, through
/// raw syscalls so the client adds as little as possible to what is measured.
/// </summary>
internal static unsafe class ReadLoop
{
    /// <summary>Per-iteration latencies in microseconds, for one thread.</summary>
    public static double[] Measure(string path, int iterations)
    {
        var samples = new double[iterations];
        var buffer = stackalloc byte[65536];
        var ticksToMicros = 1_000_000.0 / Stopwatch.Frequency;
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            ReadWhole(path, buffer, 65536);
            samples[i] = (Stopwatch.GetTimestamp() - start) * ticksToMicros;
        }

        return samples;
    }

    /// <summary>Runs <paramref name="threads"/> readers for <paramref name="duration"/>; returns whole files read per second.</summary>
    public static double Throughput(string path, int threads, TimeSpan duration)
    {
        long total = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            var buffer = new byte[65536];
            long count = 0;
            fixed (byte* p = buffer)
            {
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    ReadWhole(path, p, buffer.Length);
                    count++;
                }
            }

            Interlocked.Add(ref total, count);
        })).ToList();
        var clock = Stopwatch.StartNew();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        return total / clock.Elapsed.TotalSeconds;
    }

    private static int ReadWhole(string path, byte* buffer, int size)
    {
        var fd = Libc.Open(path, Libc.O_RDONLY);
        if (fd < 0)
        {
            throw new IOException($"open {path}: errno {Marshal.GetLastPInvokeError()}");
        }

        var total = 0;
        nint n;
        while ((n = Libc.Read(fd, buffer, (nuint)size)) > 0)
        {
            total += (int)n;
        }

        _ = Libc.Close(fd);
        if (n < 0 || total == 0)
        {
            throw new IOException($"read {path}: errno {Marshal.GetLastPInvokeError()}, {total} bytes");
        }

        return total;
    }
}
