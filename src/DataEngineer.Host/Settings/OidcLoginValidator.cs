using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DataEngineer.Host.Settings;

/// <summary>
/// When the OpenID Connect login is on: an http(s) authority (https unless <c>RequireHttpsMetadata</c> is false), a
/// client id, known roles each with a claim and a value, and some way in (a role mapping or a default role). Each
/// failure names the key and how to fix it; the client secret is never shown.
/// </summary>
internal sealed class OidcLoginValidator(IConfigurationSection section) : IValidateOptions<OidcLoginOptions>
{
    public ValidateOptionsResult Validate(string? name, OidcLoginOptions options)
    {
        if (!options.IsOn)
        {
            return ValidateOptionsResult.Success;
        }

        var path = section.Path;
        var failures = new List<string>();
        if (Missing(options.Authority, path, "Authority", "the provider's issuer URL, e.g. https://login.example.com/realms/data") is { } noAuthority)
        {
            failures.Add(noAuthority);
        }
        else if (!Uri.TryCreate(options.Authority!.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{path}:Authority is '{options.Authority}', not an absolute http(s) URL: set the provider's issuer URL, e.g. https://login.example.com/realms/data.");
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && options.RequireHttpsMetadata != false)
        {
            failures.Add($"{path}:Authority is plain http ({options.Authority}): use the provider's https URL, or set {path}:RequireHttpsMetadata to false for a provider on this machine.");
        }

        failures.AddRange(Missing(options.ClientId, path, "ClientId", "the client id registered with the provider") is { } noClient ? [noClient] : []);
        foreach (var (role, mapping) in options.Roles)
        {
            var where = $"{path}:Roles:{role}";
            if (RoleSetting.Problem(role, where) is { } unknown)
            {
                failures.Add(unknown);
                continue;
            }

            failures.AddRange(new[]
            {
                Missing(mapping.Claim, where, "Claim", "the ID token claim that carries roles or groups, e.g. groups"),
                Missing(mapping.Value, where, "Value", "the claim value that grants this role, e.g. dataengineer-" + role.ToLowerInvariant()),
            }.OfType<string>());
        }

        if (options.DefaultRole is not null && RoleSetting.Problem(options.DefaultRole, $"{path}:DefaultRole") is { } badDefault)
        {
            failures.Add(badDefault);
        }

        if (options.Roles.Count == 0 && options.DefaultRole is null)
        {
            failures.Add($"{path} has no Roles and no DefaultRole, so nobody could log in with it: map a claim to a role with " +
                $"{path}:Roles:<viewer|operator|admin>:Claim and :Value, or set {path}:DefaultRole.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? Missing(string? value, string where, string key, string what) => string.IsNullOrWhiteSpace(value)
        ? $"{where}:{key} is missing: set {what} (the OpenID Connect login is on because {OidcLoginOptions.Section} has keys)."
        : null;
}
