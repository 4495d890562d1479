using Microsoft.AspNetCore.Components;

namespace DataEngineer.Bench.Ui;

/// <summary>The address the rendered pages believe they are at.</summary>
internal sealed class BenchNavigation : NavigationManager
{
    public BenchNavigation() => Initialize("http://127.0.0.1/", "http://127.0.0.1/");
}
