using DataEngineer.Core.Governance;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// Keeps secrets out of the engine's own log: registers the secrets this process holds in configuration (the
/// metadata password, API keys, the single sign-on client secret, alert credentials, every setting named like a
/// secret) with <see cref="SecretValues"/>, and wraps every logger provider registered so far in a
/// <see cref="SecretMaskingLoggerProvider"/>. Call it after the last provider is added.
/// </summary>
internal static class SecretMaskingLogging
{
    public static void Add(IServiceCollection services, string metadataConnectionString, IConfiguration configuration)
    {
        SecretValues.Add(new NpgsqlConnectionStringBuilder(metadataConnectionString).Password);
        RegisterSecrets(configuration);
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(ILoggerProvider)).ToList())
        {
            services.Remove(descriptor);
            if (descriptor.ImplementationType is { } type)
            {
                // Resolve the provider as the container would have, then wrap it.
                services.TryAddSingleton(type);
                services.AddSingleton<ILoggerProvider>(sp => new SecretMaskingLoggerProvider((ILoggerProvider)sp.GetRequiredService(type)));
            }
            else if (descriptor.ImplementationInstance is ILoggerProvider instance)
            {
                services.AddSingleton<ILoggerProvider>(new SecretMaskingLoggerProvider(instance));
            }
            else if (descriptor.ImplementationFactory is { } factory)
            {
                services.AddSingleton<ILoggerProvider>(sp => new SecretMaskingLoggerProvider((ILoggerProvider)factory(sp)));
            }
        }
    }

    /// <summary>Every configuration value whose key names a secret (<see cref="SensitiveNames"/>), and the password of every connection string.</summary>
    public static void RegisterSecrets(IConfiguration configuration)
    {
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var name = key.Split(':')[^1];
            if (SensitiveNames.IsSensitive(name) || (key.StartsWith("DataEngineer:Web:ApiKeys:", StringComparison.OrdinalIgnoreCase) && name.Equals("Key", StringComparison.OrdinalIgnoreCase)))
            {
                SecretValues.Add(value);
            }
            else if (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    SecretValues.Add(new NpgsqlConnectionStringBuilder(value).Password);
                }
                catch (ArgumentException)
                {
                    // Not a connection string: ConnectionSettings reports that where it is used.
                }
            }
        }
    }
}
