namespace DataEngineer.TestDags;

/// <summary>Start dates relative to today, so catchup and backfill cover a known number of past days.</summary>
public static class TestDagDates
{
    public static DateTime DaysAgo(int days) => DateTime.UtcNow.Date.AddDays(-days);
}
