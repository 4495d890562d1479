using System.Globalization;
using System.Text.RegularExpressions;

namespace DataEngineer.Sdk;

/// <summary>
/// Reads a connection URI, Airflow's format: <c>kind://login:password@host:port/database?extra=value</c>, each part
/// percent-encoded (<c>%40</c> for <c>@</c> in a password). Every part but the kind is optional.
/// </summary>
public static partial class ConnectionUri
{
    /// <summary>Reads <paramref name="uri"/> as connection <paramref name="name"/>.</summary>
    /// <exception cref="ConnectionUriException">The URI is malformed; the message names the part that is wrong.</exception>
    public static Connection Parse(string name, string uri)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(uri);
        var text = uri.Trim();
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0 || !Scheme().IsMatch(text[..schemeEnd]))
        {
            throw new ConnectionUriException("kind", "it does not start with a kind such as postgresql:// (letters, digits, '+', '-' or '.', then '://')");
        }

        var kind = text[..schemeEnd].ToLowerInvariant();
        var rest = text[(schemeEnd + 3)..];
        var extras = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            ReadExtras(rest[(question + 1)..], extras);
            rest = rest[..question];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash >= 0 ? rest[..slash] : rest;
        var path = slash >= 0 ? Decode(rest[(slash + 1)..], "database") : "";

        string? login = null;
        string? password = null;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            authority = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            login = Decode(colon >= 0 ? userInfo[..colon] : userInfo, "login");
            password = colon >= 0 ? Decode(userInfo[(colon + 1)..], "password") : null;
        }

        var (host, port) = HostAndPort(authority);
        return new Connection
        {
            Name = name,
            Kind = kind,
            Host = host.Length > 0 ? host : null,
            Port = port,
            Database = path.Length > 0 ? path : null,
            Login = string.IsNullOrEmpty(login) ? null : login,
            Password = password,
            Extras = extras,
        };
    }

    private static (string Host, int? Port) HostAndPort(string authority)
    {
        var portStart = authority.StartsWith('[') ? authority.IndexOf("]:", StringComparison.Ordinal) + 1 : authority.LastIndexOf(':');
        if (portStart <= 0)
        {
            return (Decode(authority, "host"), null);
        }

        var portText = authority[(portStart + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            // The text is not quoted: in a URI missing its '@' it could be a password.
            throw new ConnectionUriException("port", "it is not a whole number from 1 to 65535");
        }

        return (Decode(authority[..portStart], "host"), port);
    }

    private static void ReadExtras(string query, Dictionary<string, string> extras)
    {
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ConnectionUriException("extras", "an item is not name=value");
            }

            extras[Decode(pair[..equals], "extras")] = Decode(pair[(equals + 1)..], "extras");
        }
    }

    private static string Decode(string text, string part)
    {
        if (BadEscape().IsMatch(text))
        {
            throw new ConnectionUriException(part, "it has a '%' not followed by two hex digits (percent-encode '%' as %25)");
        }

        return Uri.UnescapeDataString(text);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*$")]
    private static partial Regex Scheme();

    [GeneratedRegex("%(?![0-9A-Fa-f]{2})")]
    private static partial Regex BadEscape();
}
