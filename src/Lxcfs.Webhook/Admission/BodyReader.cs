using System.Buffers;
using System.IO.Pipelines;

namespace Lxcfs.Webhook.Admission;

/// <summary>Outcome of reading a request body under a size cap and a deadline.</summary>
public enum BodyReadStatus
{
    Complete,
    TooLarge,
    TimedOut,
}

/// <summary>
/// Reads a whole request body into one contiguous array without trusting Content-Length: the cap is
/// enforced on what actually arrives, and a client that stalls is cut off at the deadline.
/// </summary>
public static class BodyReader
{
    public static async Task<(BodyReadStatus Status, byte[] Body)> ReadAsync(
        PipeReader reader, int maxBytes, TimeSpan timeout, CancellationToken aborted)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(deadline.Token);
                var buffer = result.Buffer;
                if (buffer.Length > maxBytes)
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    return (BodyReadStatus.TooLarge, []);
                }

                if (result.IsCompleted)
                {
                    var body = buffer.ToArray();
                    reader.AdvanceTo(buffer.End);
                    return (BodyReadStatus.Complete, body);
                }

                // Consume nothing, mark everything examined: the next read returns once more has arrived.
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return (BodyReadStatus.TimedOut, []);
        }
    }
}
