using System.Text.Json;
using System.Text.Unicode;
using Lxcfs.Buffers;
using Lxcfs.Webhook.Json;

namespace Lxcfs.Webhook.Patching;

/// <summary>
/// An RFC 6902 patch written as it is decided, straight to pooled UTF-8, in the shape the API server needs:
/// items for an array that exists are appended one "add …/-" each; an array that does not exist yet is
/// added whole by one "add". Only "add" is ever needed: the webhook never removes or rewrites anything.
/// </summary>
internal sealed class PodPatch : IDisposable
{
    private static readonly JsonEncodedText s_op = JsonEncodedText.Encode("op");
    private static readonly JsonEncodedText s_add = JsonEncodedText.Encode("add");
    private static readonly JsonEncodedText s_path = JsonEncodedText.Encode("path");
    private static readonly JsonEncodedText s_value = JsonEncodedText.Encode("value");

    private readonly PooledBufferWriter _buffer = new(2048);
    private readonly Utf8JsonWriter _writer;
    private readonly byte[] _arrayPath = new byte[512];
    private int _arrayPathLength;
    private bool _arrayExists;
    private int _items;

    public PodPatch()
    {
        _writer = new Utf8JsonWriter(_buffer);
        _writer.WriteStartArray();
    }

    /// <summary>Operations written so far.</summary>
    public int Count { get; private set; }

    /// <summary>Starts "add" at <paramref name="path"/>; the caller writes the value, then calls <see cref="EndAdd"/>.</summary>
    public Utf8JsonWriter BeginAdd(ReadOnlySpan<byte> path)
    {
        _writer.WriteStartObject();
        _writer.WriteString(s_op, s_add);
        _writer.WriteString(s_path, path);
        _writer.WritePropertyName(s_value);
        return _writer;
    }

    public void EndAdd()
    {
        _writer.WriteEndObject();
        Count++;
    }

    /// <summary>Starts appending to the array at "/spec/{list}/{index}/{member}" (see <see cref="NextItem"/>).</summary>
    public void BeginItems(string list, int index, string member, bool arrayExists)
    {
        if (!Utf8.TryWrite(_arrayPath, $"/spec/{list}/{index}/{member}", out _arrayPathLength))
        {
            throw new InvalidOperationException($"JSON pointer to {list}/{index}/{member} is too long");
        }

        BeginItems(_arrayPath.AsSpan(0, _arrayPathLength), arrayExists);
    }

    /// <summary>Starts appending to the array at <paramref name="arrayPath"/>; nothing is written until an item is.</summary>
    public void BeginItems(ReadOnlySpan<byte> arrayPath, bool arrayExists)
    {
        if (!arrayPath.Overlaps(_arrayPath))
        {
            arrayPath.CopyTo(_arrayPath);
            _arrayPathLength = arrayPath.Length;
        }

        _arrayExists = arrayExists;
        _items = 0;
    }

    /// <summary>Positions the writer where the next item's value goes.</summary>
    public Utf8JsonWriter NextItem()
    {
        if (_arrayExists)
        {
            if (_items > 0)
            {
                EndAdd();
            }

            "/-"u8.CopyTo(_arrayPath.AsSpan(_arrayPathLength));
            BeginAdd(_arrayPath.AsSpan(0, _arrayPathLength + 2));
        }
        else if (_items == 0)
        {
            BeginAdd(_arrayPath.AsSpan(0, _arrayPathLength)).WriteStartArray();
        }

        _items++;
        return _writer;
    }

    public void EndItems()
    {
        if (_items == 0)
        {
            return;
        }

        if (!_arrayExists)
        {
            _writer.WriteEndArray();
        }

        EndAdd();
        _items = 0;
    }

    /// <summary>The finished patch document.</summary>
    public byte[] ToArray()
    {
        _writer.WriteEndArray();
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _buffer.Dispose();
    }
}
