namespace DataEngineer.Core.Mapping;

/// <summary>A mapped task cannot expand: its list is null, or longer than its maximum. Fails the task without retry.</summary>
public sealed class MapExpansionException(string message) : Exception(message);
