using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataEngineer.Host.Settings;

/// <summary>
/// The settings read before a host is built (a role checks them all before it reaches the database) or without one (a
/// CLI verb reads the area it uses): the same options, binding and validators as the host's <c>IOptions&lt;T&gt;</c>.
/// </summary>
internal static class StartupSettings
{
    /// <summary>Validates every area, as a host does at start.</summary>
    /// <exception cref="OptionsValidationException">Any setting is unusable; the failures of every area, each naming its key.</exception>
    public static void Validate(IConfiguration configuration)
    {
        using var provider = Provider(configuration);
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            var failures = e.InnerExceptions.Cast<OptionsValidationException>().ToList();
            throw new OptionsValidationException(Options.DefaultName, failures[0].OptionsType, failures.SelectMany(f => f.Failures));
        }
    }

    /// <summary>The validated options of one area.</summary>
    /// <exception cref="OptionsValidationException">A setting of this area is unusable.</exception>
    public static T Read<T>(IConfiguration configuration) where T : class
    {
        using var provider = Provider(configuration);
        return provider.GetRequiredService<IOptions<T>>().Value;
    }

    private static ServiceProvider Provider(IConfiguration configuration) => new ServiceCollection().AddEngineSettings(configuration).BuildServiceProvider();
}
