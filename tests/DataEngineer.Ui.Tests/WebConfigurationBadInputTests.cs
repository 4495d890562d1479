using DataEngineer.Host.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>Web settings that cannot be used stop the process with one message naming the key, not a framework conversion error.</summary>
public sealed class WebConfigurationBadInputTests
{
    [Theory]
    [InlineData("perhaps")]
    [InlineData("1")]
    public void AnonymousReadOnly_NotABoolean_NamesTheKey(string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new KeyValuePair<string, string?>("DataEngineer:Web:AnonymousReadOnly", value)])
            .Build();

        var error = Assert.Throws<OptionsValidationException>(() => WebAccessOptions.Read(configuration));

        Assert.Equal([$"DataEngineer:Web:AnonymousReadOnly is '{value}'; set true or false."], error.Failures);
    }
}
