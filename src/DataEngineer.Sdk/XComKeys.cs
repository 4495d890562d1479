namespace DataEngineer.Sdk;

/// <summary>Well-known XCom keys.</summary>
public static class XComKeys
{
    /// <summary>The key under which a task's return value is stored (Airflow's <c>return_value</c>).</summary>
    public const string ReturnValue = "return_value";
}
