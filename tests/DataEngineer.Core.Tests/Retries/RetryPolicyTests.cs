using DataEngineer.Core.Retries;
using DataEngineer.Core.Validation;
using Xunit;

namespace DataEngineer.Core.Tests.Retries;

public class RetryPolicyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void DelayAfter_WithoutBackoff_IsTheRetryDelay(int failedTry)
    {
        var settings = new TaskSettings { RetryDelay = TimeSpan.FromMinutes(5) };
        Assert.Equal(TimeSpan.FromMinutes(5), RetryPolicy.DelayAfter(settings, failedTry));
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(4, 60)]
    [InlineData(200, 60)]
    public void DelayAfter_WithBackoff_DoublesUpToTheCap(int failedTry, int expectedSeconds)
    {
        var settings = new TaskSettings { RetryDelay = TimeSpan.FromSeconds(10), RetryExponentialBackoff = true, MaxRetryDelay = TimeSpan.FromMinutes(1) };
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetryPolicy.DelayAfter(settings, failedTry));
    }

    [Fact]
    public void DelayAfter_TryZero_IsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryPolicy.DelayAfter(new TaskSettings(), 0));
}
