using System.Buffers;
using System.Text.Unicode;
using DataEngineer.Core.Loading;

namespace DataEngineer.Execution.Loading;

/// <summary>
/// What a DAG file must be before the compiler sees it: UTF-8 text (a wrong byte would otherwise turn
/// silently into U+FFFD inside a string) of at most <see cref="MaxFileBytes"/> (a bigger file is data,
/// not a DAG, and would hold every process's loader for many seconds).
/// </summary>
internal static class DagSourceCheck
{
    public const int MaxFileBytes = 4 << 20;

    public static DagImportError? Check(DagSourceFile file)
    {
        if (file.Content.Length > MaxFileBytes)
        {
            return new DagImportError(file.RelativePath, null, FormattableString.Invariant(
                $"the file is {file.Content.Length:N0} bytes; a DAG file may be at most {MaxFileBytes:N0} bytes (4 MiB). Keep data out of DAG files: read it in a task."));
        }

        var buffer = ArrayPool<char>.Shared.Rent(file.Content.Length);
        try
        {
            var status = Utf8.ToUtf16(file.Content, buffer, out var read, out _, replaceInvalidSequences: false);
            if (status == OperationStatus.Done)
            {
                return null;
            }

            var line = 1 + file.Content.AsSpan(0, read).Count((byte)'\n');
            return new DagImportError(file.RelativePath, null,
                $"the file is not UTF-8 text (byte 0x{file.Content[read]:X2} at line {line}). Save it as UTF-8.", line);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }
}
