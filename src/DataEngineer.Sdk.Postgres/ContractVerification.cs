namespace DataEngineer.Sdk.Postgres;

/// <summary>A write that kept its dataset's data contract (a broken one fails the task instead).</summary>
/// <param name="Dataset">The dataset checked.</param>
/// <param name="Mode">Its contract mode; <see cref="ContractMode.None"/> means nothing was checked.</param>
/// <param name="AddedColumns">Columns in the table that the dataset does not declare: an additive change, allowed and recorded as schema drift.</param>
public sealed record ContractVerification(string Dataset, ContractMode Mode, IReadOnlyList<DatasetColumn> AddedColumns);
