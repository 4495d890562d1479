namespace DataEngineer.Execution.Alerts;

/// <summary>How an email channel secures its SMTP connection.</summary>
public enum EmailSecurity
{
    /// <summary>TLS on connect for port 465, STARTTLS when the server offers it otherwise.</summary>
    Auto,

    /// <summary>Plain text (a local relay only).</summary>
    None,

    /// <summary>STARTTLS, required.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
}
