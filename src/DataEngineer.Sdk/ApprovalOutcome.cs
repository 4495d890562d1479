namespace DataEngineer.Sdk;

/// <summary>What an approval task does when its <see cref="ApprovalOptions.Timeout"/> passes with no decision.</summary>
public enum ApprovalOutcome
{
    /// <summary>Rejected (the default): as a person's rejection, see <see cref="ApprovalOptions.FailOnReject"/>.</summary>
    Reject,

    /// <summary>Approved: its downstream tasks run (every offered branch when it offers branches).</summary>
    Approve,
}
