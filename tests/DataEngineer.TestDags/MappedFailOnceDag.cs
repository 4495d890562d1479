namespace DataEngineer.TestDags;

/// <summary><c>it_mapped</c>: three files, the instance <c>process[1]</c> fails its first try; loaded by CLI processes too.</summary>
public sealed class MappedFailOnceDag() : MappedFilesDag("it_mapped", 3, failingIndex: 1);
