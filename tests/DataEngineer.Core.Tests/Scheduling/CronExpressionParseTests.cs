using DataEngineer.Core.Scheduling;
using Xunit;

namespace DataEngineer.Core.Tests.Scheduling;

public class CronExpressionParseTests
{
    private const string Help =
        ". A cron expression has 5 fields: minute hour day-of-month month day-of-week, e.g. '0 2 * * *'.";

    [Fact]
    public void Parse_ValidExpression_KeepsOriginalText()
    {
        var cron = CronExpression.Parse("  0  2 * * *\t");

        Assert.Equal("  0  2 * * *\t", cron.Text);
        Assert.Equal("  0  2 * * *\t", cron.ToString());
    }

    [Fact]
    public void Parse_HourOutOfRange_SaysWhichFieldAndRange()
    {
        var error = Assert.Throws<ScheduleException>(() => CronExpression.Parse("0 25 * * *"));

        Assert.Equal("Invalid cron expression '0 25 * * *': hour field '25' is out of range 0-23" + Help, error.Message);
    }

    [Theory]
    [InlineData("60 * * * *", "minute field '60' is out of range 0-59")]
    [InlineData("0 * 0 * *", "day-of-month field '0' is out of range 1-31")]
    [InlineData("0 * 32 * *", "day-of-month field '32' is out of range 1-31")]
    [InlineData("0 * * 13 *", "month field '13' is out of range 1-12")]
    [InlineData("0 * * * 8", "day-of-week field '8' is out of range 0-7")]
    [InlineData("0 1,24 * * *", "hour field '1,24' has '24', which is out of range 0-23")]
    [InlineData("0 20-24 * * *", "hour field '20-24' has '24', which is out of range 0-23")]
    [InlineData("99999999999 * * * *", "minute field '99999999999' is out of range 0-59")]
    public void Parse_ValueOutOfRange_NamesFieldAndRange(string expression, string problem)
    {
        var error = Assert.Throws<ScheduleException>(() => CronExpression.Parse(expression));

        Assert.Equal($"Invalid cron expression '{expression}': {problem}" + Help, error.Message);
    }

    [Theory]
    [InlineData("0 2 * *", "it has 4 fields, not 5")]
    [InlineData("0 0 2 * * *", "it has 6 fields, not 5")]
    [InlineData("daily", "it has 1 field, not 5")]
    [InlineData("", "it is empty")]
    [InlineData("   ", "it is empty")]
    public void Parse_WrongFieldCount_SaysHowMany(string expression, string problem)
    {
        var error = Assert.Throws<ScheduleException>(() => CronExpression.Parse(expression));

        Assert.Equal($"Invalid cron expression '{expression}': {problem}" + Help, error.Message);
    }

    [Theory]
    [InlineData("x * * * *", "minute field 'x' has 'x', which is not a number")]
    [InlineData("0 2 ? * *", "day-of-month field '?' has '?', which is not a number")]
    [InlineData("0 2 L * *", "day-of-month field 'L' has 'L', which is not a number")]
    [InlineData("0 2 * FOO *", "month field 'FOO' has 'FOO', which is not a number or a name JAN-DEC")]
    [InlineData("0 2 * * MONDAY", "day-of-week field 'MONDAY' has 'MONDAY', which is not a number or a name SUN-SAT")]
    [InlineData("0 2 * * 1#2", "day-of-week field '1#2' has '1#2', which is not a number or a name SUN-SAT")]
    [InlineData("0 MON * * *", "hour field 'MON' has 'MON', which is not a number")]
    [InlineData("*/x * * * *", "minute field '*/x' has step 'x', which is not a number")]
    [InlineData("0 */-1 * * *", "hour field '*/-1' has step '-1', which is not a number")]
    [InlineData("1,,2 * * * *", "minute field '1,,2' has an empty list entry")]
    [InlineData("1, * * * *", "minute field '1,' has an empty list entry")]
    [InlineData("-5 * * * *", "minute field '-5' is missing a number")]
    [InlineData("5- * * * *", "minute field '5-' is missing a number")]
    public void Parse_Garbage_NamesFieldAndText(string expression, string problem)
    {
        var error = Assert.Throws<ScheduleException>(() => CronExpression.Parse(expression));

        Assert.Equal($"Invalid cron expression '{expression}': {problem}" + Help, error.Message);
    }

    [Theory]
    [InlineData("*/0 * * * *", "minute field '*/0' has a step of 0; a step must be 1 or more")]
    [InlineData("0 1-5/0 * * *", "hour field '1-5/0' has a step of 0; a step must be 1 or more")]
    public void Parse_StepOfZero_Throws(string expression, string problem)
    {
        var error = Assert.Throws<ScheduleException>(() => CronExpression.Parse(expression));

        Assert.Equal($"Invalid cron expression '{expression}': {problem}" + Help, error.Message);
    }

    [Theory]
    [InlineData("0 5-2 * * *", "hour field '5-2' has the reversed range '5-2'; write the lower value first")]
    [InlineData("0 0 * DEC-JAN *", "month field 'DEC-JAN' has the reversed range 'DEC-JAN'; write the lower value first")]
    [InlineData("0 0 * * 7-1", "day-of-week field '7-1' has the reversed range '7-1'; write the lower value first")]
    public void Parse_ReversedRange_Throws(string expression, string problem)
    {
        var error = Assert.Throws<ScheduleException>(() => CronExpression.Parse(expression));

        Assert.Equal($"Invalid cron expression '{expression}': {problem}" + Help, error.Message);
    }

    [Theory]
    [InlineData("0 0 30 2 *", "30", "2", "*")]
    [InlineData("0 0 31 4,6,9,11 *", "31", "4,6,9,11", "*")]
    [InlineData("0 0 31 FEB,apr *", "31", "FEB,apr", "*")]
    public void Parse_NeverFires_Throws(string expression, string dayOfMonth, string month, string dayOfWeek)
    {
        var error = Assert.Throws<ScheduleException>(() => CronExpression.Parse(expression));

        Assert.Equal(
            $"Invalid cron expression '{expression}': it never fires: no date has day-of-month '{dayOfMonth}' "
            + $"in month '{month}' (day-of-week '{dayOfWeek}')" + Help,
            error.Message);
    }

    [Theory]
    [InlineData("0 0 30 2 1")]
    [InlineData("0 0 29 2 *")]
    [InlineData("0 0 */29 2 1")]
    [InlineData("0 0 31 * *")]
    public void Parse_RareButPossibleDays_Accepted(string expression)
    {
        Assert.Equal(expression, CronExpression.Parse(expression).Text);
    }
}
