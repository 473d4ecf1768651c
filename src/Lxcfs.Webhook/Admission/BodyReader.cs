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
/// deadline. A body that is all there at the first read stays where it arrived; one still arriving is
/// copied out as it comes (<see cref="BodyCopy"/>), so the connection's buffers go back to Kestrel at once.
/// </summary>
public static class BodyReader
{
    public static async ValueTask<(BodyReadStatus Status, RequestBody? Body)> ReadAsync(
        PipeReader reader, int maxBytes, long? expectedLength, TimeSpan timeout, CancellationToken aborted)
    {
        BodyCopy? copy = null;
        try
        {
            // A small body has usually arrived with the headers: no deadline (a timer) is needed to take it.
            if (reader.TryRead(out var ready) && Take(reader, ready, maxBytes, expectedLength, ref copy) is { } done)
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
                    if (Take(reader, result, maxBytes, expectedLength, ref copy) is { } complete)
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
        finally
        {
            copy?.Dispose();
        }
    }

    // The outcome once the body is over the cap or complete; else null, having copied out and consumed
    // what arrived, so that the next read returns once more has.
    private static (BodyReadStatus Status, RequestBody? Body)? Take(
        PipeReader reader, ReadResult result, int maxBytes, long? expectedLength, ref BodyCopy? copy)
    {
        var buffer = result.Buffer;
        if ((copy?.Length ?? 0) + buffer.Length > maxBytes)
        {
            reader.AdvanceTo(buffer.Start, buffer.End);
            return (BodyReadStatus.TooLarge, null);
        }

        if (result.IsCompleted && copy is null)
        {
            // Consumed when the caller disposes the body, not now: until then it stays where it arrived.
            return (BodyReadStatus.Complete, RequestBody.Take(reader, buffer));
        }

        copy ??= new BodyCopy(expectedLength);
        copy.Append(buffer);
        reader.AdvanceTo(buffer.End);
        if (!result.IsCompleted)
        {
            return null;
        }

        var body = copy.ToBody();
        copy = null;
        return (BodyReadStatus.Complete, body);
    }
}
