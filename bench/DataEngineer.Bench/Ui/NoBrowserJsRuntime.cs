using Microsoft.JSInterop;

namespace DataEngineer.Bench.Ui;

/// <summary>Server rendering calls no JavaScript (that happens once a browser connects); the component library still asks for a runtime.</summary>
internal sealed class NoBrowserJsRuntime : IJSRuntime
{
    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => ValueTask.FromResult(default(TValue)!);
}
