using System.ComponentModel.DataAnnotations;
using Xunit;

namespace DataEngineer.Sdk.Tests;

/// <summary>Run confs a database or a validator would choke on are refused by <see cref="RunConf.Parse"/> with what and how to fix.</summary>
public sealed class RunConfBadInputTests
{
    public sealed record Limits
    {
        [Range(0, 100)]
        public double MaxPercent { get; init; } = 20;
    }

    [Fact]
    public void Parse_LargerThanOneMebibyte_IsRefusedNamingTheLimit()
    {
        var json = $"{{\"note\": \"{new string('x', RunConf.MaxJsonBytes)}\"}}";

        var error = Assert.Throws<RunConfException>(() => RunConf.Parse(json, null));

        Assert.Equal(
            FormattableString.Invariant($"The run conf is {json.Length:N0} bytes; the limit is 1,048,576 bytes (1 MiB). Put large inputs in a table or a file and pass its name in the conf."),
            error.Message);
    }

    [Theory]
    [InlineData("""{"region": "e\u0000u"}""", "$.region")]
    [InlineData("""{"tags": ["a", "b\u0000"]}""", "$.tags[1]")]
    [InlineData("""{"a\u0000": 1}""", "$")]
    public void Parse_NulCharacter_IsRefusedNamingWhere(string json, string path)
    {
        var error = Assert.Throws<RunConfException>(() => RunConf.Parse(json, null));

        Assert.Equal($"The run conf holds a NUL character (\\u0000) at {path}, which the metadata database cannot store. Remove it.", error.Message);
    }

    [Fact]
    public void Parse_InfinityAgainstARange_IsARunConfError_NotAnOverflow()
    {
        var error = Assert.Throws<RunConfException>(() => RunConf.Parse("""{"maxPercent": 1e999}""", typeof(Limits)));

        Assert.StartsWith("The run conf fails Limits's validation: a value is outside what its checks can compare", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Give a value in the declared range.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestedDeeperThanSixtyFour_SaysSo()
    {
        var error = Assert.Throws<RunConfException>(() => RunConf.Parse(new string('[', 100) + new string(']', 100), null));

        Assert.Contains("The maximum configured depth of 64 has been exceeded", error.Message, StringComparison.Ordinal);
    }
}
