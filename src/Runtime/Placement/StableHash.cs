using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OrleansFlows.Runtime.Placement;

/// <summary>
/// A 64-bit hash of a string that is the same in every process, build and machine: the first 8 bytes (big-endian) of
/// the SHA-256 of its UTF-8 bytes. Silos agree on grain placement only because of that, so it is a cluster-wide
/// contract: changing it moves every grain. (<see cref="string.GetHashCode()"/> is randomised per process, and
/// System.IO.Hashing is not in the shared framework.)
/// </summary>
internal static class StableHash
{
    private const int StackLimit = 1024;

    public static ulong Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var length = Encoding.UTF8.GetByteCount(text);
        byte[]? rented = null;
        var bytes = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(text, bytes);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..written], digest);
            return BinaryPrimitives.ReadUInt64BigEndian(digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
