namespace DataEngineer.Host.Api;

/// <summary>The version of the host answering (as Airflow's <c>/version</c>): the release, and the commit it was built from.</summary>
internal sealed record ApiVersion(string Version, string? GitVersion);
