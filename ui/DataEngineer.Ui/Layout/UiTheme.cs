using MudBlazor;

namespace DataEngineer.Ui.Layout;

/// <summary>The UI's colours: a plain light theme; task states keep Airflow's colours (see <see cref="Presentation.StateColors"/>).</summary>
internal static class UiTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight { Primary = "#017cee", AppbarBackground = "#00426b" },
    };
}
