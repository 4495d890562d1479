namespace DataEngineer.Integration.Tests.Alerts;

/// <summary>One message the test SMTP server accepted: envelope and raw content.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string Data);
