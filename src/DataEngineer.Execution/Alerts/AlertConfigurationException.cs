namespace DataEngineer.Execution.Alerts;

/// <summary>The alert settings cannot be used: the message names the key and how to fix it.</summary>
public sealed class AlertConfigurationException(string message) : Exception(message);
