using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DataEngineer.Host.Settings;

/// <summary>Every user has a password hash and a role, every API key is long enough and has a role; each failure names the key and how to fix it.</summary>
internal sealed class WebAccessValidator(IConfigurationSection section) : IValidateOptions<WebAccessOptions>
{
    public ValidateOptionsResult Validate(string? name, WebAccessOptions options)
    {
        var failures = new List<string>();
        foreach (var (user, settings) in options.Users)
        {
            var where = $"{section.Path}:Users:{user}";
            if (string.IsNullOrWhiteSpace(settings.PasswordHash))
            {
                failures.Add($"{where} has no PasswordHash. Make one with: dataengineer users hash-password");
            }

            failures.AddRange(RoleSetting.Problem(settings.Role, $"{where}:Role") is { } problem ? [problem] : []);
        }

        foreach (var (key, settings) in options.ApiKeys)
        {
            var where = $"{section.Path}:ApiKeys:{key}";
            if (string.IsNullOrWhiteSpace(settings.Key) || settings.Key.Length < WebAccessOptions.MinimumApiKeyLength)
            {
                failures.Add($"{where}:Key must be at least {WebAccessOptions.MinimumApiKeyLength} characters (a random string, e.g. from 'openssl rand -hex 24').");
            }

            failures.AddRange(RoleSetting.Problem(settings.Role, $"{where}:Role") is { } problem ? [problem] : []);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
