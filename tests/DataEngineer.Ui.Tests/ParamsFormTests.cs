using DataEngineer.Sdk;
using DataEngineer.TestDags;
using DataEngineer.Ui.Presentation;
using Xunit;

namespace DataEngineer.Ui.Tests;

public sealed class ParamsFormTests
{
    [Fact]
    public void Fields_FromParamsType_CarryJsonKeysDefaultsAndRange()
    {
        var fields = ParamsForm.Fields(typeof(UiFlakyParams));

        Assert.Equal(["batches", "region"], fields.Select(f => f.Key));
        Assert.Equal([ParamKind.Integer, ParamKind.Text], fields.Select(f => f.Kind));
        Assert.Equal(["3", "eu"], fields.Select(f => f.Default));
        Assert.Equal((1.0, 10.0), (fields[0].Minimum!.Value, fields[0].Maximum!.Value));
        Assert.Empty(ParamsForm.Fields(null));
    }

    [Fact]
    public void ToConf_BlankValuesAreLeftOut_SoDefaultsApply()
    {
        var fields = ParamsForm.Fields(typeof(UiFlakyParams));

        var conf = ParamsForm.ToConf(fields, new Dictionary<string, string?> { ["batches"] = " 4 ", ["region"] = "" }, typeof(UiFlakyParams));

        Assert.Equal("{\"batches\":4}", conf);
    }

    [Theory]
    [InlineData("abc", "'abc' is not an integer")]
    [InlineData("0", "Batches")]
    [InlineData("99999999999999999999", "is not an integer")]
    public void ToConf_GarbageOrOutOfRange_IsRefusedNamingTheField(string value, string expected)
    {
        var fields = ParamsForm.Fields(typeof(UiFlakyParams));

        var error = Assert.Throws<RunConfException>(() => ParamsForm.ToConf(fields, new Dictionary<string, string?> { ["batches"] = value }, typeof(UiFlakyParams)));

        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
