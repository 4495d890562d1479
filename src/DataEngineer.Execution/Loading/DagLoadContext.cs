using System.Runtime.Loader;

namespace DataEngineer.Execution.Loading;

/// <summary>
/// Holds one compiled unit of DAG code, collectible so that a replaced version can be unloaded.
/// Everything else (the Sdk, Npgsql, the framework) resolves from the default context, so DAG
/// classes share the engine's types.
/// </summary>
internal sealed class DagLoadContext(string name) : AssemblyLoadContext(name, isCollectible: true);
