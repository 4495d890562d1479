using DataEngineer.Core.Quality;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Core.Tests.Quality;

public class RowCountAnomalyDetectorTests
{
    private static readonly long[] Steady = [100, 96, 104, 99, 101, 95, 103, 98, 102, 100];

    [Fact]
    public void Evaluate_ShortHistory_GivesNoVerdict() =>
        Assert.Null(RowCountAnomalyDetector.Evaluate([100, 101, 99], 10, new RowCountAnomalyOptions()));

    [Fact]
    public void Evaluate_Disabled_GivesNoVerdict() =>
        Assert.Null(RowCountAnomalyDetector.Evaluate(Steady, 10, new RowCountAnomalyOptions { Enabled = false }));

    [Fact]
    public void Evaluate_FortyPercentDrop_IsAnAnomalyWithTheExpectedRange()
    {
        var range = RowCountAnomalyDetector.Evaluate(Steady, 60, new RowCountAnomalyOptions());

        Assert.NotNull(range);
        Assert.True(range.IsAnomaly);
        Assert.Equal(100, range.Median);
        Assert.Equal(80, range.Low, 6);       // the 20 % floor is wider than 3.5 scaled MADs (3.5 * 1.4826 * 2 = 10.4)
        Assert.Equal(120, range.High, 6);
    }

    [Fact]
    public void Evaluate_NormalVariation_IsNotAnAnomaly() =>
        Assert.False(RowCountAnomalyDetector.Evaluate(Steady, 91, new RowCountAnomalyOptions())!.IsAnomaly);

    [Fact]
    public void Evaluate_WithoutRelativeFloor_UsesTheScaledMad()
    {
        var range = RowCountAnomalyDetector.Evaluate(Steady, 111, new RowCountAnomalyOptions { MinRelativeDeviation = 0 })!;

        Assert.Equal(2 * 1.4826, range.ScaledMad, 6);
        Assert.True(range.IsAnomaly);
    }
}
