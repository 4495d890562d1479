namespace DataEngineer.Ui.Presentation;

/// <summary>What a piece of C# source is, for colouring the code view.</summary>
public enum CodeTokenKind
{
    Plain,
    Keyword,
    Comment,
    String,
    Number,
}
