using System.Buffers;
using System.Diagnostics;
using Lxcfs.Webhook.Admission;
using Lxcfs.Webhook.Configuration;
using Lxcfs.Webhook.Namespaces;
using Lxcfs.Webhook.Pods;

namespace Lxcfs.WebhookBench;

/// <summary>
/// The admission work without HTTP or TLS (decode, mutate, encode the answer) in a loop on one thread:
/// CPU microseconds and bytes allocated per request, the part of the cost this program owns.
/// </summary>
internal static class HandlerLoop
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var body = await File.ReadAllBytesAsync(args["body"]);
        var iterations = args.Int("iterations");
        var options = new WebhookOptions();
        options.ApplyDefaults();
        var annotations = new LxcfsAnnotations(options);
        var handler = new MutatingHandler(new PodSelection(options, annotations), new PodMutator(options), new LimitsEnvironment(options, annotations), new NamespaceAnnotationCache(annotations), annotations);
        var output = new ArrayBufferWriter<byte>(4096);

        RunOnce(handler, body, output, iterations / 10 + 1000); // tiering and PGO warm-up
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var length = RunOnce(handler, body, output, iterations);
        var elapsed = clock.Elapsed;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine(FormattableString.Invariant(
            $"handler: {elapsed.TotalMicroseconds / iterations:0.00} us/request wall, {cpu.TotalMicroseconds / iterations:0.00} us/request CPU, {allocated / iterations} bytes allocated/request, answer {length} bytes"));
        return 0;
    }

    private static int RunOnce(MutatingHandler handler, byte[] body, ArrayBufferWriter<byte> output, int iterations)
    {
        for (var i = 0; i < iterations; i++)
        {
            output.ResetWrittenCount();
            var request = AdmissionReviewDecoder.Decode(new ReadOnlyMemory<byte>(body));
            AdmissionReviewEncoder.Write(output, request.ApiVersion, request.Uid, handler.Handle(request));
        }

        return output.WrittenCount;
    }
}
