namespace DataEngineer.Host.Api;

/// <summary><c>POST .../taskInstances/{task_id}/approval</c>: <c>approve</c> or <c>reject</c> a waiting approval task, with a comment and, when it offers branches, the branch to run.</summary>
internal sealed record ApprovalRequest(string? Decision, string? Comment, string? Branch);
