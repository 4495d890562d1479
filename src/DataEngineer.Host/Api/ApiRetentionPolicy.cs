namespace DataEngineer.Host.Api;

/// <summary>A dataset's retention policy: rows whose <paramref name="Column"/> is older than <paramref name="KeepForSeconds"/> are deleted.</summary>
internal sealed record ApiRetentionPolicy(string Column, long KeepForSeconds, string Connection);
