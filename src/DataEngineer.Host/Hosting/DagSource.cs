using DataEngineer.Core.Loading;
using DataEngineer.Host.Cli;

namespace DataEngineer.Host.Hosting;

/// <summary>Loads the DAGs the host knows. (The dags folder compiler replaces the fixed assembly list later.)</summary>
internal static class DagSource
{
    public static DagCatalog Load(CliEnvironment env) => DagCatalog.FromAssemblies(env.DagAssemblies);
}
