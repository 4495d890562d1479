namespace DataEngineer.Ui.Tests.Oidc;

/// <summary>Who the test provider logs in next: the ID token's subject, preferred_username and groups.</summary>
public sealed record OidcTestUser(string Subject, string UserName, IReadOnlyList<string> Groups);
