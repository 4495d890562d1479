namespace DataEngineer.Sdk.Postgres;

/// <summary>One way a write breaks a dataset's data contract.</summary>
/// <param name="Column">The column concerned (the table's name when the table itself is missing).</param>
/// <param name="Kind">
/// <c>dropped</c> (a declared column is gone), <c>narrowed</c> or <c>changed</c> (its type is not the declared one or a
/// widening of it), <c>nulls</c> (a non-nullable declared column holds NULLs), <c>accepted_values</c> (a column
/// holds a value outside its declared accepted values), <c>undeclared</c> (an extra column under an
/// exact contract) or <c>missing_table</c>.
/// </param>
/// <param name="Message">What is wrong, in words.</param>
public sealed record ContractViolation(string Column, string Kind, string Message);
