namespace DataEngineer.Core.Alerts;

/// <summary>A configured way to deliver alerts (an SMTP server, a webhook).</summary>
public interface IAlertChannel
{
    /// <summary>The name recipients use for it.</summary>
    string Name { get; }

    /// <summary><c>email</c> or <c>webhook</c>.</summary>
    string Type { get; }

    /// <summary>Where it sends, safe to print: no passwords, secrets or webhook paths.</summary>
    string Target { get; }

    /// <summary>Delivers one alert; throws when the channel did not accept it.</summary>
    Task SendAsync(AlertRecord alert, CancellationToken ct);

    /// <summary>Returns <paramref name="text"/> with this channel's secrets (password, secret header, webhook URL) masked.</summary>
    string Redact(string text);
}
