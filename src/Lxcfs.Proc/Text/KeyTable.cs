namespace Lxcfs.Proc.Text;

/// <summary>
/// A fixed set of ASCII keys, each with the number it was given, looked up with one hash of the key's
/// length and end bytes and a compare with the one or two keys of that bucket. The parsers call it for
/// every line of a file (meminfo's 55, memory.stat's 70), where a chain of comparisons costs more than
/// the rest of the parse.
/// </summary>
public sealed class KeyTable
{
    private const int BucketCount = 128;

    private readonly byte[][] _keys;
    private readonly int[] _numbers;

    // Bucket b holds _keys[_starts[b].._starts[b + 1]].
    private readonly int[] _starts = new int[BucketCount + 1];

    public KeyTable(params ReadOnlySpan<(string Key, int Number)> keys)
    {
        var entries = new (byte[] Key, int Number, int Bucket)[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var key = System.Text.Encoding.ASCII.GetBytes(keys[i].Key);
            if (key.Length == 0)
            {
                throw new ArgumentException("a key is empty", nameof(keys));
            }

            entries[i] = (key, keys[i].Number, Bucket(key));
        }

        Array.Sort(entries, static (a, b) => a.Bucket != b.Bucket ? a.Bucket.CompareTo(b.Bucket) : a.Number.CompareTo(b.Number));
        _keys = new byte[entries.Length][];
        _numbers = new int[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            _keys[i] = entries[i].Key;
            _numbers[i] = entries[i].Number;
            _starts[entries[i].Bucket + 1]++;
        }

        for (var b = 0; b < BucketCount; b++)
        {
            _starts[b + 1] += _starts[b];
        }
    }

    public int Count => _keys.Length;

    /// <summary>The key's number; -1 for any other text.</summary>
    public int Find(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty)
        {
            return -1;
        }

        var bucket = Bucket(key);
        for (var i = _starts[bucket]; i < _starts[bucket + 1]; i++)
        {
            if (key.SequenceEqual(_keys[i]))
            {
                return _numbers[i];
            }
        }

        return -1;
    }

    // Length and both ends tell apart the keys of /proc/meminfo and memory.stat, which share long prefixes.
    private static int Bucket(ReadOnlySpan<byte> key) =>
        ((key.Length * 31) + (key[0] * 7) + (key[^1] * 3) + key[key.Length / 2]) & (BucketCount - 1);
}
