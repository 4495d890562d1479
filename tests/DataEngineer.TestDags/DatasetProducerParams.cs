namespace DataEngineer.TestDags;

/// <summary>The params of the dataset producers: <c>{"fail": true}</c> makes the producing task fail (no retries).</summary>
public sealed record DatasetProducerParams
{
    public bool Fail { get; init; }
}
