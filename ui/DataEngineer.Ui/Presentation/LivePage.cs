using Microsoft.AspNetCore.Components;

namespace DataEngineer.Ui.Presentation;

/// <summary>
/// A page that shows the metadata database as it changes: it loads once while rendering on the
/// server, then, once the browser is connected, re-reads every <see cref="UiOptions.RefreshInterval"/>
/// and re-renders, so states change without a refresh.
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    [Inject]
    protected UiOptions Options { get; set; } = default!;

    protected CancellationToken Stopping => _stop.Token;

    /// <summary>Whether the page still changes: when false, polling pauses until a parameter changes.</summary>
    protected virtual bool IsLive => true;

    protected abstract Task LoadAsync(CancellationToken ct);

    protected override Task OnParametersSetAsync() => LoadAsync(Stopping);

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _ = PollAsync();
        }
    }

    /// <summary>Re-reads now (after an action) and re-renders.</summary>
    protected async Task ReloadAsync()
    {
        await LoadAsync(Stopping);
        StateHasChanged();
    }

    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(Options.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(Stopping))
            {
                if (IsLive)
                {
                    try
                    {
                        await InvokeAsync(ReloadAsync);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // A failed read (the database restarting) shows the last state; the next tick tries again.
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The circuit closed.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
