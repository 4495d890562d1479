using Bunit;
using DataEngineer.TestDags;
using DataEngineer.Ui.Components;
using MudBlazor.Services;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

public sealed class TriggerFormTests : BunitContext
{
    public TriggerFormTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Render_OneFieldPerParam_WithDefaultsAndRange()
    {
        var form = Render<TriggerForm>(p => p.Add(f => f.ParamsType, typeof(UiFlakyParams)));

        var batches = Field(form, "param-batches");
        Assert.Equal("3", batches.GetAttribute("placeholder"));
        Assert.Contains("from 1 to 10", form.Markup, StringComparison.Ordinal);
        Assert.Equal("eu", Field(form, "param-region").GetAttribute("placeholder"));
    }

    [Fact]
    public async Task Validate_GoodValues_GiveTheConf_BadValuesShowTheError()
    {
        var form = Render<TriggerForm>(p => p.Add(f => f.ParamsType, typeof(UiFlakyParams)));

        Field(form, "param-batches").Input("7");
        Assert.Equal("{\"batches\":7}", (await Validate(form))!.Value.Conf);

        Field(form, "param-batches").Input("eleven");
        Assert.Null(await Validate(form));
        Assert.Contains("'eleven' is not an integer", form.Find("[data-testid=trigger-error]").TextContent, StringComparison.Ordinal);

        Field(form, "param-batches").Input("11");
        Assert.Null(await Validate(form));
        Assert.Contains("Batches", form.Find("[data-testid=trigger-error]").TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Validate_NoParamsType_TakesRawJson_AndRefusesGarbage()
    {
        var form = Render<TriggerForm>();

        Field(form, "conf-json").Change("[1, 2]");
        Assert.Null(await Validate(form));
        Assert.Contains("must be a JSON object", form.Find("[data-testid=trigger-error]").TextContent, StringComparison.Ordinal);

        Field(form, "conf-json").Change("{\"region\": \"eu\"}");
        Field(form, "trigger-date").Change("not a date");
        Assert.Null(await Validate(form));
        Assert.Contains("'not a date' is not a date", form.Find("[data-testid=trigger-error]").TextContent, StringComparison.Ordinal);
    }

    private static Task<(string Conf, DateTimeOffset? Date)?> Validate(IRenderedComponent<TriggerForm> form) => form.InvokeAsync(() => form.Instance.Validate());

    private static AngleSharp.Dom.IElement Field(IRenderedComponent<TriggerForm> form, string testId) =>
        form.FindAll($"input[data-testid={testId}], [data-testid={testId}] input, textarea[data-testid={testId}], [data-testid={testId}] textarea")[0];
}
