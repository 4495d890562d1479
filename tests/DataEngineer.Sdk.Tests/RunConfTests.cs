using System.ComponentModel.DataAnnotations;
using Xunit;

namespace DataEngineer.Sdk.Tests;

public class RunConfTests
{
    public sealed record ReportParams
    {
        [Range(1, 100)]
        public int TopN { get; init; } = 10;

        [Required]
        public string Region { get; init; } = "eu";
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("{}")]
    public void Parse_Empty_KeepsDefaults(string? json)
    {
        var conf = RunConf.Parse(json, typeof(ReportParams));
        Assert.Equal(new ReportParams(), conf.Get<ReportParams>());
    }

    [Fact]
    public void Parse_Values_AreBoundCaseInsensitively()
    {
        var conf = RunConf.Parse("""{"topN": 3, "Region": "us"}""", typeof(ReportParams));
        Assert.Equal(new ReportParams { TopN = 3, Region = "us" }, conf.Get<ReportParams>());
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object, not array")]
    [InlineData("42", "must be a JSON object, not number")]
    public void Parse_NotAnObject_SaysHowToFixIt(string json, string expected)
    {
        var error = Assert.Throws<RunConfException>(() => RunConf.Parse(json, null));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("--conf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownKey_NamesIt()
    {
        var error = Assert.Throws<RunConfException>(() => RunConf.Parse("""{"topn": 3, "colour": "red"}""", typeof(ReportParams)));
        Assert.Contains("colour", error.Message, StringComparison.Ordinal);
        Assert.Contains("ReportParams", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongType_NamesThePath()
    {
        var error = Assert.Throws<RunConfException>(() => RunConf.Parse("""{"topN": "many"}""", typeof(ReportParams)));
        Assert.Contains("$.topN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FailedValidation_ListsTheProblems()
    {
        var error = Assert.Throws<RunConfException>(() => RunConf.Parse("""{"topN": 500, "region": ""}""", typeof(ReportParams)));
        Assert.Contains("TopN must be between 1 and 100", error.Message, StringComparison.Ordinal);
        Assert.Contains("The Region field is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NullForNonNullableProperty_NamesThePath()
    {
        var error = Assert.Throws<RunConfException>(() => RunConf.Parse("""{"region": null}""", typeof(ReportParams)));
        Assert.Contains("$.region", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_WithoutParamsType_ExplainsHowToDeclareThem()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RunConf.Parse("{}", null).Get<ReportParams>());
        Assert.Contains("Dag<ReportParams>", error.Message, StringComparison.Ordinal);
    }
}
