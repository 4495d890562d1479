using DataEngineer.Sdk;

namespace DataEngineer.Core.Validation;

/// <summary>What a DAG's <see cref="DagOptions.ScheduleOn"/> must be: at least one dataset, each with a valid name.</summary>
internal static class DatasetScheduleRules
{
    public static void Check(DatasetSchedule? schedule, Action<string?, string> error)
    {
        if (schedule is null)
        {
            return;
        }

        if (schedule.Datasets.Count == 0)
        {
            error(null, "ScheduleOn names no dataset; list at least one, e.g. DatasetSchedule.All(new Dataset(\"warehouse.orders\")), or remove ScheduleOn.");
        }

        if (!Enum.IsDefined(schedule.Condition))
        {
            error(null, $"ScheduleOn has the unknown condition {(int)schedule.Condition}; use DatasetSchedule.All or DatasetSchedule.Any.");
        }

        foreach (var dataset in schedule.Datasets.Where(d => !Identifiers.IsValidDatasetName(d.Name)))
        {
            error(null, $"ScheduleOn names the dataset '{dataset.Name}', which is not valid: use {Identifiers.DatasetRule}.");
        }
    }
}
