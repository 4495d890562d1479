using DataEngineer.Core.Loading;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>
/// The DAGs this process has loaded, by id: the current version of each, and older versions that
/// runs still in flight started with. Sources may change while the process runs (a DAGs folder):
/// <see cref="Generation"/> says when.
/// </summary>
public interface IDagRegistry
{
    /// <summary>The current version of every loaded DAG.</summary>
    IReadOnlyCollection<DagGraph> Dags { get; }

    /// <summary>Why the DAGs that are not loaded (or not at their latest code) failed to load.</summary>
    IReadOnlyList<DagImportError> Errors { get; }

    /// <summary>Where each current DAG came from: its file relative to the DAGs folder, or its class.</summary>
    IReadOnlyDictionary<string, string> Sources { get; }

    /// <summary>Grows each time the loaded DAGs or import errors change.</summary>
    long Generation { get; }

    /// <summary>The current version of a DAG, or null when none is loaded.</summary>
    DagGraph? Find(string dagId);

    /// <summary>A specific version of a DAG (current or still held for runs in flight), or null when this process has not got it.</summary>
    DagGraph? Find(string dagId, string version);

    /// <summary>Looks at the sources again now, so a version another process already loaded can be found here too.</summary>
    Task RefreshAsync(CancellationToken ct);
}
