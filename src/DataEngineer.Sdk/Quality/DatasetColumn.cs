namespace DataEngineer.Sdk;

/// <summary>One column of a dataset's schema snapshot.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Type">Its type as the database spells it, e.g. <c>numeric(12,2)</c>.</param>
public sealed record DatasetColumn(string Name, string Type);
