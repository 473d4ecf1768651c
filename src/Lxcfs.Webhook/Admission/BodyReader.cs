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
/// Reads a whole request body into one piece of memory (<see cref="RequestBody"/>) without trusting
/// Content-Length: the cap is enforced on what actually arrives, and a client that stalls is cut off at the
/// deadline.
/// </summary>
public static class BodyReader
{
    public static async ValueTask<(BodyReadStatus Status, RequestBody? Body)> ReadAsync(
        PipeReader reader, int maxBytes, TimeSpan timeout, CancellationToken aborted)
    {
        // A small body has usually arrived with the headers: no deadline (a timer) is needed to take it.
        if (reader.TryRead(out var ready) && Take(reader, ready, maxBytes) is { } done)
        {
            return done;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(deadline.Token);
                if (Take(reader, result, maxBytes) is { } complete)
                {
                    return complete;
                }
            }
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return (BodyReadStatus.TimedOut, null);
        }
    }

    // The outcome once the body is over the cap or complete; else null, having consumed nothing but
    // marked everything examined, so that the next read returns once more has arrived.
    private static (BodyReadStatus Status, RequestBody? Body)? Take(PipeReader reader, ReadResult result, int maxBytes)
    {
        var buffer = result.Buffer;
        if (buffer.Length > maxBytes)
        {
            reader.AdvanceTo(buffer.Start, buffer.End);
            return (BodyReadStatus.TooLarge, null);
        }

        if (result.IsCompleted)
        {
            // Consumed when the caller disposes the body, not now: until then it stays where it arrived.
            return (BodyReadStatus.Complete, RequestBody.Take(reader, buffer));
        }

        reader.AdvanceTo(buffer.Start, buffer.End);
        return null;
    }
}
