using DataEngineer.Core.Scheduling;

namespace DataEngineer.Host.Hosting;

/// <summary>The scheduled <c>db clean</c>, from <see cref="Settings.CleanupOptions"/>: what age of metadata it deletes, when, and how many of each DAG's latest runs it keeps.</summary>
internal sealed record MetadataCleanupSettings(TimeSpan OlderThan, Timetable Schedule, int KeepLast);
