using System.Net;

namespace DataEngineer.Host.Settings;

/// <summary>An IP address (surrounding blanks allowed), or unset.</summary>
internal sealed class IpAddressAttribute(string fix) : SettingAttribute(fix)
{
    public override bool IsValid(object? value) => value is not string text || string.IsNullOrWhiteSpace(text) || IPAddress.TryParse(text.Trim(), out _);

    /// <summary>The address, ready for a URL (IPv6 in brackets), or <paramref name="fallback"/> when unset.</summary>
    public static string ForUrl(string? text, string fallback) =>
        string.IsNullOrWhiteSpace(text) ? fallback
            : IPAddress.Parse(text.Trim()) is var address && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
