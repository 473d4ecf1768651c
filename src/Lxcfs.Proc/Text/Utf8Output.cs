using System.Buffers;
using System.Buffers.Text;

namespace Lxcfs.Proc.Text;

/// <summary>Formatting straight into an <see cref="IBufferWriter{T}"/>, without intermediate strings.</summary>
public static class Utf8Output
{
    public static void Write(this IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        var span = output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        output.Advance(bytes.Length);
    }

    public static void WriteByte(this IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    public static void WriteLine(this IBufferWriter<byte> output, ReadOnlySpan<byte> line)
    {
        var span = output.GetSpan(line.Length + 1);
        line.CopyTo(span);
        span[line.Length] = (byte)'\n';
        output.Advance(line.Length + 1);
    }

    public static void WriteNumber(this IBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        output.Advance(written);
    }

    public static void WriteNumber(this IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        output.Advance(written);
    }

    /// <summary>Right-aligns <paramref name="value"/> in <paramref name="width"/> columns, like printf's <c>%8lu</c>.</summary>
    public static void WriteNumberPadded(this IBufferWriter<byte> output, ulong value, int width) =>
        output.Advance(FormatNumberPadded(output.GetSpan(Math.Max(width, 20)), value, width));

    /// <summary>Left-aligns <paramref name="text"/> in <paramref name="width"/> columns, like printf's <c>%-16s</c>.</summary>
    public static void WritePaddedRight(this IBufferWriter<byte> output, ReadOnlySpan<byte> text, int width) =>
        output.Advance(FormatPaddedRight(output.GetSpan(Math.Max(width, text.Length)), text, width));

    /// <summary><see cref="WriteNumberPadded"/> into a span with room for it; returns the bytes written.</summary>
    public static int FormatNumberPadded(Span<byte> destination, ulong value, int width)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out var length);
        var pad = Math.Max(0, width - length);
        destination[..pad].Fill((byte)' ');
        digits[..length].CopyTo(destination[pad..]);
        return pad + length;
    }

    /// <summary><see cref="WritePaddedRight"/> into a span with room for it; returns the bytes written.</summary>
    public static int FormatPaddedRight(Span<byte> destination, ReadOnlySpan<byte> text, int width)
    {
        var pad = Math.Max(0, width - text.Length);
        text.CopyTo(destination);
        destination.Slice(text.Length, pad).Fill((byte)' ');
        return text.Length + pad;
    }

    /// <summary>A non-negative number with two decimals, like printf's <c>%.2f</c>.</summary>
    public static void WriteFixed2(this IBufferWriter<byte> output, double value)
    {
        var span = output.GetSpan(32);
        Utf8Formatter.TryFormat((decimal)Math.Round(Math.Max(0, value), 2, MidpointRounding.AwayFromZero), span, out var written, new StandardFormat('F', 2));
        output.Advance(written);
    }
}
