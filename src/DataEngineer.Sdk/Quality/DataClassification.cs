namespace DataEngineer.Sdk;

/// <summary>Who may see a column's values. <see cref="Pii"/> values are masked wherever the orchestrator shows data.</summary>
public enum DataClassification
{
    /// <summary>Anyone may see the values.</summary>
    Public,

    /// <summary>Staff may see the values (the usual warehouse column).</summary>
    Internal,

    /// <summary>Business-sensitive: only people who need them.</summary>
    Confidential,

    /// <summary>Personal data (an e-mail, a name, a phone number): masked in samples, XCom views, logs and alerts.</summary>
    Pii,
}
