namespace DataEngineer.Sdk.Postgres;

/// <summary>How much time one partition of a time-partitioned table covers (in UTC).</summary>
public enum PartitionInterval
{
    /// <summary>One partition per day, named <c>{table}_pYYYY_MM_DD</c>.</summary>
    Day,

    /// <summary>One partition per month, named <c>{table}_pYYYY_MM</c>.</summary>
    Month,
}
