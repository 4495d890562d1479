using System.Globalization;

namespace DataEngineer.Core.Quality;

/// <summary>A size on disk as people read it: 812 B, 4.2 kB, 37.5 MB, 1.2 GB (binary units).</summary>
public static class ByteSize
{
    public static string Format(double bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 30):0.#} GB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 20):0.#} MB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 10):0.#} kB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, bytes):0} B"),
    };
}
