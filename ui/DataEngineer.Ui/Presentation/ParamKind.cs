namespace DataEngineer.Ui.Presentation;

/// <summary>Which input a param gets.</summary>
public enum ParamKind
{
    Text,
    Integer,
    Number,
    Boolean,
    Choice,
    Json,
}
