namespace DataEngineer.Sdk;

/// <summary>Which updates of a <see cref="DatasetSchedule"/>'s datasets start a run.</summary>
public enum DatasetCondition
{
    /// <summary>Every dataset has been updated at least once since the DAG's last dataset-triggered run (Airflow's <c>a &amp; b</c>).</summary>
    All,

    /// <summary>Any one of the datasets has been updated since the DAG's last dataset-triggered run (Airflow's <c>a | b</c>).</summary>
    Any,
}
