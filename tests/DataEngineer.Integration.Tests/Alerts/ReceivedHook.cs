namespace DataEngineer.Integration.Tests.Alerts;

/// <summary>One POST the webhook receiver got.</summary>
public sealed record ReceivedHook(string Token, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At);
