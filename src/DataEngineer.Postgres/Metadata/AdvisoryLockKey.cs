using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DataEngineer.Postgres.Metadata;

/// <summary>
/// 64-bit keys for PostgreSQL advisory locks. Every process must derive the same key from the same name, so
/// string.GetHashCode (randomised per process) will not do. The schema is part of the key: stores in different
/// schemas of one database are independent and must not wait for each other.
/// </summary>
internal static class AdvisoryLockKey
{
    public static long For(string schema, string name)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{schema}\0{name}"), hash);
        return BinaryPrimitives.ReadInt64BigEndian(hash);
    }
}
