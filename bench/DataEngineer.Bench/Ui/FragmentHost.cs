using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace DataEngineer.Bench.Ui;

/// <summary>Renders a fragment as a root component (the HTML renderer takes component types).</summary>
public sealed class FragmentHost : ComponentBase
{
    [Parameter]
    public RenderFragment? Content { get; set; }

    protected override void BuildRenderTree(RenderTreeBuilder builder) => builder.AddContent(0, Content);
}
