using System.Text.RegularExpressions;

namespace DataEngineer.Core.Validation;

/// <summary>The shapes of names users choose: DAG and task ids (Airflow's rule), queues (Hangfire's), pools.</summary>
public static partial class Identifiers
{
    public const string IdRule = "1 to 250 letters, digits, '_', '-' or '.'";
    public const string QueueRule = "lowercase letters, digits, '_' and '-' only";

    public const string DatasetRule = "a table name, optionally schema-qualified (warehouse.fact_orders): letters, digits and '_', not starting with a digit, at most 63 characters per part";

    public static bool IsValidDatasetName(string? name) => name is not null && DatasetPattern().IsMatch(name);

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    public static bool IsValidQueue(string? queue) => queue is not null && QueuePattern().IsMatch(queue);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,250}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?$")]
    private static partial Regex DatasetPattern();

    [GeneratedRegex("^[a-z0-9_-]{1,100}$")]
    private static partial Regex QueuePattern();
}
