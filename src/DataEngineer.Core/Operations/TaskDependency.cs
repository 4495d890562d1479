namespace DataEngineer.Core.Operations;

/// <summary>
/// One reason a task instance is not running now, as <c>tasks failed-deps</c> lists it (Airflow's failed dependencies).
/// </summary>
/// <param name="Check">What was checked: <c>state</c>, <c>dag_paused</c>, <c>run_state</c>, <c>max_active_runs</c>,
/// <c>trigger_rule</c>, <c>retry_delay</c>, <c>reschedule</c>, <c>approval</c>, <c>max_active_tasks</c>, <c>pool</c>,
/// <c>worker</c>.</param>
/// <param name="Reason">What stands in the way, with counts, and what would clear it.</param>
public sealed record TaskDependency(string Check, string Reason);
