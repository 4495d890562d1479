using DataEngineer.Ui.Presentation;
using Xunit;

namespace DataEngineer.Ui.Tests.Presentation;

public sealed class TimeAxisTests
{
    private static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan Longest = TimeSpan.FromDays(30);

    // Spans from 1 ms to 30 days, log-uniform from a fixed seed, plus the edges and the values just past nice steps.
    public static TheoryData<int> Seeds => [1, 2, 3, 4];

    private static IEnumerable<(TimeSpan Span, double Width)> Cases(int seed)
    {
        var random = new Random(seed);
        double[] widths = [TimeAxis.MinWidth, 200, 390, 600, 1200];
        var edges = new long[] { 1, 2, 999, 1000, 1001, 59_999, 60_000, 60_001, 3_599_999, 3_600_000, 86_399_999, 86_400_000, 2_592_000_000 }
            .Select(ms => TimeSpan.FromMilliseconds(ms));
        var sampled = Enumerable.Range(0, 2000).Select(_ =>
            TimeSpan.FromTicks((long)Math.Exp(Math.Log(Shortest.Ticks) + (random.NextDouble() * (Math.Log(Longest.Ticks) - Math.Log(Shortest.Ticks))))));
        foreach (var span in edges.Concat(sampled))
        {
            yield return (span, widths[random.Next(widths.Length)]);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Fit_AnySpanFrom1MsTo30Days_TicksCoverTheRangeIncreasingWithLabelsApart(int seed)
    {
        foreach (var (span, width) in Cases(seed))
        {
            var axis = TimeAxis.Fit(span, width);
            var because = $"span {span} over {width} px (seed {seed})";

            Assert.True(axis.Ticks.Count >= 2, because);
            Assert.True(axis.Ticks[0].At == TimeSpan.Zero && axis.Ticks[0].X == 0, because);
            Assert.True(axis.Ticks[^1].At >= span && axis.Ticks[^1].At == axis.End, because);
            Assert.True(axis.End - axis.Step < span, $"the axis ends past the first tick at or after the span: {because}");
            Assert.Equal(width, axis.Ticks[^1].X, 6);
            for (var i = 1; i < axis.Ticks.Count; i++)
            {
                Assert.True(axis.Ticks[i].At > axis.Ticks[i - 1].At && axis.Ticks[i].X > axis.Ticks[i - 1].X, because);
                Assert.True(axis.Ticks[i - 1].Right + TimeAxis.LabelGap <= axis.Ticks[i].Left + 1e-9,
                    $"labels '{axis.Ticks[i - 1].Label}' and '{axis.Ticks[i].Label}' overlap: {because}");
            }

            Assert.Equal(axis.Ticks.Count, axis.Ticks.Select(t => t.Label).Distinct().Count());
        }
    }

    [Theory]
    [InlineData(5, 600, "1ms")]
    [InlineData(800, 600, "100ms")]
    [InlineData(20_000, 600, "1s")]
    [InlineData(3 * 3_600_000, 600, "15m")]
    [InlineData(30L * 86_400_000, 600, "2d")]
    public void Fit_TypicalSpans_PickTheSmallestNiceStepThatFits(long spanMs, double width, string step)
    {
        var axis = TimeAxis.Fit(TimeSpan.FromMilliseconds(spanMs), width);

        Assert.Equal(step, TimeAxis.Label(axis.Step));
    }

    [Fact]
    public void Fit_ZeroOrNegativeSpanOrBadWidth_GivesAOneMillisecondAxisAtLeastMinWidthWide()
    {
        foreach (var axis in new[] { TimeAxis.Fit(TimeSpan.Zero, 600), TimeAxis.Fit(TimeSpan.FromSeconds(-5), 600), TimeAxis.Fit(TimeSpan.FromSeconds(1), double.NaN), TimeAxis.Fit(TimeSpan.FromSeconds(1), -3) })
        {
            Assert.True(axis.End > TimeSpan.Zero);
            Assert.True(axis.Width >= TimeAxis.MinWidth);
        }
    }

    [Fact]
    public void X_MapsLinearlyAndClampsToTheAxis()
    {
        var axis = TimeAxis.Fit(TimeSpan.FromSeconds(10), 500);

        Assert.Equal(250, axis.X(axis.End / 2), 6);
        Assert.Equal(0, axis.X(TimeSpan.FromSeconds(-1)));
        Assert.Equal(500, axis.X(TimeSpan.FromHours(1)));
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(0.5, "0.5ms")]
    [InlineData(250, "250ms")]
    [InlineData(1500, "1.5s")]
    [InlineData(59_999, "59.999s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_600_000, "1h")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(10_799_999, "2h59m")]
    [InlineData(216_000_000, "2d12h")]
    public void Label_IsCompactWithUnits(double ms, string label) => Assert.Equal(label, TimeAxis.Label(TimeSpan.FromMilliseconds(ms)));
}
