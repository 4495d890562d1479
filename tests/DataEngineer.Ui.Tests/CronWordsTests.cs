using DataEngineer.Ui.Presentation;
using Xunit;

namespace DataEngineer.Ui.Tests;

public sealed class CronWordsTests
{
    [Theory]
    [InlineData(null, "UTC", "manual only")]
    [InlineData("@daily", "UTC", "every day at 00:00 UTC")]
    [InlineData("0 2 * * *", "UTC", "every day at 02:00 UTC")]
    [InlineData("30 6 * * *", "Europe/Amsterdam", "every day at 06:30 Europe/Amsterdam")]
    [InlineData("0 3 * * 0", "UTC", "every Sunday at 03:00 UTC")]
    [InlineData("15 9 * * 1-5", "UTC", "every weekday at 09:15 UTC")]
    [InlineData("0 0 1 * *", "UTC", "on day 1 of every month at 00:00 UTC")]
    [InlineData("*/15 * * * *", "UTC", "every 15 minutes")]
    [InlineData("5 * * * *", "UTC", "every hour at minute 5")]
    [InlineData("* * * * *", "UTC", "every minute")]
    [InlineData("0 0 1,15 * *", "UTC", "0 0 1,15 * *")]
    [InlineData("garbage", "UTC", "garbage")]
    public void Describe_CommonShapesInWords_OthersAsTheyAre(string? cron, string zone, string expected) =>
        Assert.Equal(expected, CronWords.Describe(cron, zone));
}
