using System.Runtime.InteropServices;
using DataEngineer.Bench;
using DataEngineer.Bench.Infrastructure;
using DataEngineer.Bench.Reporting;

if (args.Length > 0 && args[0] == ChildWorker.Verb)
{
    return await WorkerChildMain.RunAsync(args[1..]);
}

BenchArguments arguments;
try
{
    arguments = BenchArguments.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"{e.Message}{Environment.NewLine}{BenchArguments.Usage}");
    return 2;
}

// Captured first: the engine puts its task output router in front of the console.
var stdout = Console.Out;
using var cancel = new CancellationTokenSource();

// Ctrl+C or a plain kill unwinds the scenarios, so PostgreSQL and the child worker are stopped, not orphaned.
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

BenchResults results;
try
{
    results = await BenchRunner.RunAsync(arguments, cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("[bench] stopped before the end; no report.");
    return 130;
}

var markdown = MarkdownReport.Render(results);
await stdout.WriteAsync(markdown);
if (arguments.OutFile is { } file)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
    await File.WriteAllTextAsync(file, markdown);
    await Console.Error.WriteLineAsync($"[bench] report written to {file}");
}

return 0;
