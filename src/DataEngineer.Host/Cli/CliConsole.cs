using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>A Spectre console writing to the invocation's output: colours on a terminal, plain text otherwise.</summary>
internal static class CliConsole
{
    public static IAnsiConsole For(CliEnvironment env)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(env.Out),
            Ansi = env.Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = env.Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = env.Interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!env.Interactive)
        {
            // Redirected output has no terminal width; keep tables on one line per row for grep.
            console.Profile.Width = 200;
        }

        return console;
    }
}
