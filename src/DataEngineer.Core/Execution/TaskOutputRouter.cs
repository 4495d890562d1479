using System.Text;

namespace DataEngineer.Core.Execution;

/// <summary>
/// Sends what a task writes to <see cref="Console.Out"/> into its try's log. Installed once per
/// process (<see cref="Install"/>); each try opens a scope (<see cref="Route"/>) that flows with its
/// async work, so concurrent tries keep their output apart. Writes outside any scope go to the
/// real console, through a writer of the router's own on the standard output stream: not through the
/// <see cref="Console.Out"/> it replaced, whose lock a writer holding it takes before the console's
/// (the console stream locks <see cref="Console.Out"/>, the router's wrapper, for every write), while
/// the router would take them in the other order: the deadlock that hung an engine process's start
/// when its console logger and its own start line wrote at once.
/// </summary>
public sealed class TaskOutputRouter : TextWriter
{
    private static readonly AsyncLocal<Scope?> Current = new();
    private static readonly Lock InstallLock = new();
    private static bool _installed;
    private readonly TextWriter _console;

    private TaskOutputRouter(TextWriter console) => _console = console;

    public override Encoding Encoding => _console.Encoding;

    /// <summary>Puts the router in front of the process's console output (once; later calls do nothing).</summary>
    public static void Install()
    {
        lock (InstallLock)
        {
            if (!_installed)
            {
                // Only ever written under the lock of Console.Out's wrapper: unsynchronised itself.
                var console = new StreamWriter(Console.OpenStandardOutput(), Console.Out.Encoding) { AutoFlush = true };
                Console.SetOut(new TaskOutputRouter(console));
                _installed = true;
            }
        }
    }

    /// <summary>Routes this async flow's console lines to <paramref name="writeLine"/> until disposed.</summary>
    public static IDisposable Route(Action<string> writeLine)
    {
        var scope = new Scope(writeLine, Current.Value);
        Current.Value = scope;
        return scope;
    }

    public override void Write(char value)
    {
        if (Current.Value is { } scope)
        {
            scope.Write(value);
        }
        else
        {
            _console.Write(value);
        }
    }

    public override void Write(string? value)
    {
        if (Current.Value is { } scope)
        {
            foreach (var c in value ?? "")
            {
                scope.Write(c);
            }
        }
        else
        {
            _console.Write(value);
        }
    }

    public override void Flush() => _console.Flush();

    private sealed class Scope(Action<string> writeLine, Scope? previous) : IDisposable
    {
        private readonly StringBuilder _line = new();

        public void Write(char value)
        {
            lock (_line)
            {
                if (value == '\n')
                {
                    writeLine(_line.ToString().TrimEnd('\r'));
                    _line.Clear();
                }
                else
                {
                    _line.Append(value);
                }
            }
        }

        public void Dispose()
        {
            lock (_line)
            {
                if (_line.Length > 0)
                {
                    writeLine(_line.ToString());
                    _line.Clear();
                }
            }

            Current.Value = previous;
        }
    }
}
