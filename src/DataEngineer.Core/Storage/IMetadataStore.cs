namespace DataEngineer.Core.Storage;

/// <summary>
/// Where DAGs, runs, task instances, tries, XCom, logs and pools live. Consumers depend on the
/// narrow interfaces they need; a backend implements them all.
/// </summary>
public interface IMetadataStore : IDagStore, IRunStore, IXComStore, ITaskLogStore, IPoolStore, IDataQualityStore, IWatermarkStore, IRunQueries, IProcessRegistry, IAuditLog, IUserStore, IDatasetCatalogStore, IDatasetEventStore, IDagCodeStore, ITryTraceStore, IVariableStore, IBackfillStore,
    IDeadlineStore;
