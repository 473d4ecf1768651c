using System.Buffers.Binary;
using System.Text;

namespace Lxcfs.Buffers;

/// <summary>
/// Reads a little-endian message front to back, for the states one daemon instance hands to the next.
/// Every read past the end and every count larger than the bytes left could hold is an
/// <see cref="InvalidDataException"/>, so a hostile or truncated message never makes a large allocation.
/// </summary>
public ref struct ByteCursor(ReadOnlySpan<byte> bytes)
{
    private ReadOnlySpan<byte> _rest = bytes;

    public readonly bool AtEnd => _rest.IsEmpty;

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _rest.Length)
        {
            throw new InvalidDataException($"the message is truncated (wanted {count} bytes, {_rest.Length} left)");
        }

        var taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }

    public byte Byte() => Take(1)[0];

    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public int I32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>A u16 length, then that many bytes of UTF-8.</summary>
    public string Text() => Encoding.UTF8.GetString(Take(U16()));

    /// <summary>A u32 count of items that take at least <paramref name="itemSize"/> bytes each: bounded by what is left.</summary>
    public int Count(int itemSize)
    {
        var count = U32();
        return count <= (uint)(_rest.Length / itemSize) ? (int)count : throw new InvalidDataException($"the message claims {count} items, more than it holds");
    }
}
