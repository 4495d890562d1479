namespace DataEngineer.Core.Storage;

/// <summary>
/// The backend aggregate: where DAGs, runs, task instances, tries, XCom, logs, pools and the rest live, as one store
/// implements them (as Hangfire's <c>JobStorage</c> hands out a connection and a monitoring API). Only a store
/// (in-memory, PostgreSQL) implements it, and only composition roots hold it: the DI registrations, which register each
/// port it implements, the CLI's metadata connection, and test setup. Consumers inject the narrowest ports they use: the
/// engine's write path is <see cref="IRunStore"/> (creating runs, claims, decisions, heartbeats); the read model of
/// runs, tries and pages that the UI, REST API, CLI and MCP read is <see cref="IRunQueries"/>; the other ports each own
/// one kind of record (<see cref="IDagStore"/>, <see cref="IXComStore"/>, <see cref="ITaskLogStore"/>, ...).
/// </summary>
public interface IMetadataStore : IDagStore, IRunStore, IXComStore, ITaskLogStore, IPoolStore, IDataQualityStore, IWatermarkStore, IRunQueries, IProcessRegistry, IAuditLog, IUserStore, IDatasetCatalogStore, IDatasetEventStore, IDagCodeStore, ITryTraceStore, IVariableStore, IBackfillStore,
    IDeadlineStore, IQueuedRunSignal, IQueuedTaskSignal;
