namespace DataEngineer.Ui.Presentation;

/// <summary>A run of source text on one line and what it is.</summary>
public sealed record CodeToken(CodeTokenKind Kind, string Text);
