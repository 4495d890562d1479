namespace DataEngineer.Sdk;

/// <summary>
/// How an approval task was decided: the value downstream tasks receive from it (its XCom), e.g. to log who approved.
/// </summary>
/// <param name="Approved">Whether it was approved.</param>
/// <param name="By">Who decided (their user name, <c>cli:&lt;os user&gt;</c>, or <c>timeout</c>).</param>
/// <param name="At">When.</param>
/// <param name="Comment">The decider's comment, if any.</param>
/// <param name="Branch">The downstream task chosen, when the approval offers <see cref="ApprovalOptions.Branches"/>.</param>
public sealed record ApprovalDecision(bool Approved, string By, DateTimeOffset At, string? Comment = null, string? Branch = null);
