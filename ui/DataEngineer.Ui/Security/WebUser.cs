using DataEngineer.Core.Operations;

namespace DataEngineer.Ui.Security;

/// <summary>A user who may log in: from configuration or the metadata database.</summary>
public sealed record WebUser(string UserName, string PasswordHash, Role Role);
