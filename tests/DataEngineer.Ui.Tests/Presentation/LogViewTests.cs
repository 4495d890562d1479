using DataEngineer.Core.Storage;
using DataEngineer.Ui.Presentation;
using Xunit;

namespace DataEngineer.Ui.Tests.Presentation;

public sealed class LogViewTests
{
    private static readonly TaskLogLine[] Lines =
    [
        new(DateTimeOffset.UnixEpoch, "DEBUG", "opening the connection"),
        new(DateTimeOffset.UnixEpoch, "INFORMATION", "Loaded 20 rows"),
        new(DateTimeOffset.UnixEpoch, "WARNING", "3 rows rejected"),
        new(DateTimeOffset.UnixEpoch, "ERROR", "the warehouse refused the connection"),
        new(DateTimeOffset.UnixEpoch, "CRITICAL", "giving up"),
        new(DateTimeOffset.UnixEpoch, "NOTICE", "a level from elsewhere"),
    ];

    [Theory]
    [InlineData(LogView.AllLevels, 6)]
    [InlineData("INFORMATION", 5)]
    [InlineData("WARNING", 4)]
    [InlineData("ERROR", 3)]
    public void Filter_ByLowestLevel_KeepsThatLevelAndAbove_AndUnknownLevels(string lowest, int expected)
    {
        var shown = LogView.Filter(Lines, lowest, "");

        Assert.Equal(expected, shown.Count);
        Assert.Contains(shown, l => l.Level == "NOTICE");
    }

    [Fact]
    public void Filter_BySearch_MatchesAnywhereIgnoringCase_WithTheLevel()
    {
        Assert.Equal(["opening the connection", "the warehouse refused the connection"], LogView.Filter(Lines, null, "  CONNECTION ").Select(l => l.Message));
        Assert.Equal(["the warehouse refused the connection"], LogView.Filter(Lines, "ERROR", "connection").Select(l => l.Message));
        Assert.Empty(LogView.Filter(Lines, null, "no such text"));
    }
}
