namespace DataEngineer.Core.Storage;

/// <summary>A named pool: at most <see cref="Slots"/> tries of tasks in it are queued or running at once.</summary>
public sealed record Pool(string Name, int Slots)
{
    public const string DefaultName = "default_pool";
    public const int DefaultSlots = 128;
}
